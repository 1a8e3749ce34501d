"""What a source is: a person, an organisation or either (`kind_of`), a proper name or a group, and
the trimming of a phrase down to the name it holds ("Wednesday Mr Straw" -> "Mr Straw")."""

from __future__ import annotations

import re

from index.ingest.attribution.lexicon import (
    CAP,
    GIVEN_NAME_MONTHS,
    LINK_WORDS,
    MAX_SOURCE_WORDS,
    NAME,
    OPENERS,
    OUTLET_NOUNS,
    REPORT_NOUNS,
    ROLE_TITLES,
    SUBORDINATORS,
)
from index.ingest.attribution.patterns import (
    BODY_ROLE_END,
    DESCRIBED_PERSON,
    FINITE,
    GROUP,
    KIND_CUE,
    ORGANISATION_WORD,
    PERSON_OF,
    PERSON_ROLE_END,
    PERSON_TITLE,
    ROLE_AFTER,
    ROLE_OF_BEFORE,
    ROLE_THEN_NAME,
    ROLE_WORD,
    SUNDAY_PAPER,
)


def person_of(phrase: str) -> str | None:
    """The person a phrase names before the place or body they are "of", when it names one: a name
    of two or more words that is not itself an organisation's ("Bank of England" stays whole)."""
    person = PERSON_OF.search(phrase)
    if person and not ORGANISATION_WORD.search(person.group(1).split()[-1]):
        return person.group(1)
    return None


def kind_of(source: str, sentence: str) -> str:
    """ "person", "organisation" or "either", from the name and the pronouns the sentence uses."""
    # "Virgin Radio DJ Pete Mitchell" (ROLE_THEN_NAME): a person, whatever body the role is of
    described = PERSON_ROLE_END.search(source) or DESCRIBED_PERSON.match(source) or ROLE_THEN_NAME.search(source)
    if PERSON_TITLE.match(source) or described:
        return "person"
    if ORGANISATION_WORD.search(source) or source.isupper() or BODY_ROLE_END.search(source):
        return "organisation"
    at = sentence.find(source)
    before, after = (sentence[:at], sentence[at + len(source) :]) if at >= 0 else ("", "")
    if before.endswith(", ") and ROLE_OF_BEFORE.search(before[:-2] + " "):
        return "person"  # "The head of that tribunal, X, said it had ...": "it" is what he said
    if ROLE_AFTER.match(after):
        return "person"  # "X, senior consultant at Sophos, told the BBC that it was": "it" is what he said
    cue = KIND_CUE.match(after)
    if cue:
        return "organisation" if cue.group(1).lower() in {"it", "its", "which"} else "person"
    return "either"


def is_named(source: str) -> bool:
    """A proper name ("the Pentagon", "Reuters"), not a group ("Officials", "journalists")."""
    if GROUP.match(source.lower() + " said"):
        return False
    return any(word[:1].isupper() for word in source.split())


def clean_source(raw: str) -> str | None:
    """Trim "according to X ..." down to X: a leading name, or a short phrase; "" when what follows
    "according to" is a clause that names no source."""
    raw = " ".join(raw.split())
    if not raw:
        return None
    sunday = SUNDAY_PAPER.match(raw)  # "The Mail on Sunday": a paper's name, not a day
    if sunday:
        return sunday.group(0)
    brand = re.match(rf"[a-z]{{1,2}}[A-Z][\w'’&-]*(?:\s+{CAP})*", raw)  # "eBay UK", "iTunes"
    if brand:
        return brand.group(0)
    named = re.match(rf"(?:[Tt]he\s+)?{NAME}(?:\s+(?:{REPORT_NOUNS}|{OUTLET_NOUNS})\b)?", raw)
    if named and (raw[0].isupper() or (raw.lower().startswith("the ") and raw[4:5].isupper())):
        return _named_after(named.group(0), raw[named.end() :]) or named.group(0)
    # "figures revealed by the Electoral Commission", "figures released by CES organisers the CEA"
    owner = rf"(?:\s+(?:organi[sz]ers|owners?|operators?)\s+(?:the\s+)?{NAME})?"
    analysts = r"(?:(?:the\s+)?(?:analysts|researchers|consultants|consultancy|research\s+firm|pollsters?)\s+)?"
    by = re.search(rf"\bby\s+{analysts}((?:the\s+)?{NAME}{owner})", raw)
    if by:
        return by.group(1)
    phrase = " ".join(raw.split()[:MAX_SOURCE_WORDS])
    # "analysts Gartner More than 167 million handsets were …" (two sentences run together), "an
    # expert panel which gathered at …": a clause, not a source
    return "" if FINITE.search(phrase) or re.search(r"\b(?:which|who|that)\b", phrase) else phrase


def _named_after(named: str, rest: str) -> str | None:
    """The name after a leading one that only introduces it: "Q magazine editor Paul Rees" (the
    editor), "Hollywood newspaper Daily Variety" (the paper's own name)."""
    role = re.match(rf"\s+((?:[a-z-]+\s+){{1,3}})({NAME})", rest)
    if role and PERSON_ROLE_END.search(role.group(1).strip()):
        return role.group(2)
    title = re.match(rf"\s+({NAME})", rest) if re.search(rf"\s(?:{OUTLET_NOUNS})$", named) else None
    return title.group(1) if title else None


def strip_openers(name: str) -> str:
    """Without the capitalized words that open a sentence or date it, or a job title before a
    full name: "Wednesday Mr Straw" -> "Mr Straw", "Chief Joseph Zikuski" -> "Joseph Zikuski"."""
    words = name.split()
    given = len(words) >= 3 and words[0].lower() in GIVEN_NAME_MONTHS and not PERSON_TITLE.match(words[1])
    while not given and words and (words[0].lower().strip(",") in OPENERS or words[0].lower() in LINK_WORDS):
        words.pop(0)  # "But for Allen Weiner": neither "But" nor "for" is part of the name
    for i in range(1, len(words) - 1):  # "Dr. Rajiv Shah President Obama": a caption ran into the name
        if words[i].lower() in ROLE_TITLES and words[i + 1][:1].isupper() and words[i - 1][:1].isupper():
            words = words[i:]
            break
    while (
        (len(words) > 2 or (len(words) == 2 and ROLE_WORD.fullmatch(words[0])))
        and (ROLE_WORD.fullmatch(words[0]) or words[0].lower() in ROLE_TITLES)
        and words[1][:1].isupper()
    ):
        words.pop(0)
    return " ".join(words)


def is_subordinate(before: str) -> bool:
    """A subject in a subordinate or relative clause, not the sentence's claim: "that", "when",
    "as"... among the three words before it, in the same clause ("after referee Honiss had told",
    "the crash that killed Princess Diana has told")."""
    clause = re.split(r"[,;:\"“”]", before)[-1]
    return any(word.lower() in SUBORDINATORS for word in clause.split()[-3:])
