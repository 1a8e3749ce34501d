"""A named speaker before the reporting verb (rule 4 of the package docstring): "X, head of Y,
said", "Open chief Paul McNamee had said", "Last month, Paramount, Universal and Warner Brothers
said", with the checks that the name is the speaker and not a subordinate clause's subject."""

from __future__ import annotations

import re

from index.ingest.attribution.lexicon import (
    CLAUSE_WORDS,
    GROUP_NOUNS,
    MAX_COMPOUND_WORDS,
    MAX_SOURCE_WORDS,
    NON_NAMES,
    OPENERS,
    POST_NOMINALS,
    PREPOSITIONS,
    PRONOUNS,
    REPORT_NOUNS,
    SUBORDINATORS,
    VERBS,
)
from index.ingest.attribution.names import is_subordinate, person_of, strip_openers
from index.ingest.attribution.patterns import (
    CLAUSE_START,
    COMPOUND_BEFORE,
    CUT_POSSESSOR,
    DEMONYM,
    DESCRIBED_TITLE,
    FORMER,
    HOLDER,
    LIST_BEFORE,
    NAME_CUT_BEFORE,
    NAMED_VERB,
    NO_CLAIM,
    PARTICIPLE,
    PERSON_ROLE_END,
    POLL_FOR,
    PREPOSITION_BEFORE,
    ROLE_FOR_BEFORE,
    ROLE_OF_BEFORE,
    STUDY_SUBJECT,
    TITLE_END,
    TITLED_END,
)


def named_verb(text: str) -> str | None:
    for match in NAMED_VERB.finditer(text):
        source = strip_openers(match.group("src"))
        before = text[: match.start("src")]
        if _not_its_speaker(text, match, source, before):
            continue
        if "," in text[match.end("src") : match.end()]:  # "..., Jim McDonnell, said": post-posed only
            return source
        compound = COMPOUND_BEFORE.search(before)
        first = compound.group(0).split(" and ")[0] if compound else ""
        clause = re.search(r"\b[a-z]{3,}(?:ed|ly)\b", first)  # "But the pair chatted amicably and Mr Brown insisted"
        if compound and re.search(r"[A-Z]", first) and not clause:
            # "chief executive X and chief operating officer Y said": both, or none; but "The Tories
            # say X and Labour says Y" is two claims, and this verb reports Labour's
            phrase = " ".join((compound.group(0) + source).split())
            if re.search(rf"\b(?:{VERBS}|say)\b", first):
                phrase = source
            else:
                phrase = _listed_before(before[: compound.start()]) + phrase
            return phrase if len(phrase.split()) <= MAX_COMPOUND_WORDS else None
        fuller = _fuller_source(before, source, match.group("src"))
        if fuller:
            return fuller
        if PREPOSITION_BEFORE.search(before):  # "music industry bosses in Norway said"
            start = list(CLAUSE_START.finditer(before))[-1].end() if CLAUSE_START.search(before) else 0
            phrase = " ".join((before[start:] + match.group("src")).split())
            person = person_of(phrase)  # "Bishop John Magee of the diocese of Cloyne said"
            opener = phrase.split()[0].lower()
            if not person and opener in PREPOSITIONS | {"but", "and", "speaking", "writing"}:
                # "…, with Mr Dixon quoted as saying", "but speaking in Thailand Hingis admitted": no
                # speaker, but "Speaking in Harrogate Mr Kennedy said": the titled name
                titled = opener in {"speaking", "writing"} and TITLED_END.search(phrase)
                if not titled:
                    continue
                person = titled.group(0)
            return person or (phrase if len(phrase.split()) <= MAX_SOURCE_WORDS else None)
        return _whole_source(before, source)
    return None


def _whole_source(before: str, source: str) -> str:
    """The named speaker with the names listed before it ("Paramount, Universal and Warner said"),
    or without a possessor cut from its name ("War on Want's John Hilary said": John Hilary)."""
    possessor = CUT_POSSESSOR.match(source) if NAME_CUT_BEFORE.search(before) else None
    if possessor:
        return possessor.group("name")
    return _listed_before(before) + source if " and " in source else source


def _listed_before(before: str) -> str:
    """The names listed before "X and Y said" ("Last month, Paramount, Universal and Warner
    said": all three), when the sentence opens with them or with a time or place phrase; else ""."""
    listed = LIST_BEFORE.search(before)
    if not listed:
        return ""
    opener = before[: listed.start()].strip()
    names = [name.strip() for name in listed.group(0).split(",") if name.strip()]
    words = {word.lower() for name in names for word in name.split()}
    if words & (OPENERS | PREPOSITIONS) or any(strip_openers(name) != name for name in names):
        return ""  # "In Tokyo, Sony and NEC said", "By September, ...": a place or a time is no speaker
    if opener and not (opener.endswith(",") and opener.split()[0].lower() in OPENERS and len(opener) <= 40):
        return ""
    return listed.group(0)


def _not_its_speaker(text: str, match: re.Match[str], source: str, before: str) -> bool:
    """The name before a reporting verb that did not make the claim: a pronoun or a group word, a
    name in a subordinate clause, a description ("the Australian said"), the client of a poll ("a
    poll for X said"), a possessive object ("cast doubt on Campbell's claims"), a participle after
    a comma ("X, recalled in place of Y, was denied"), or a claim that is no claim ("added the
    conversion")."""
    lowered = source.lower()
    nobody = not source or lowered in PRONOUNS or lowered in {*GROUP_NOUNS, "media", *NON_NAMES, *SUBORDINATORS}
    demonym = source.removeprefix("The ")
    described = DEMONYM.fullmatch(demonym) and (before.endswith(("the ", "The ")) or demonym != source)
    described = described or bool(re.search(r"\b[Tt]he\s+\d+-year-old\s+$", before))  # "the 24-year-old Swiss added"
    # "ex-Wallaby" alone is no name; "the ex-Wallaby" names the former player (_fuller_source)
    bare_former = re.search(r"\b[Ee]x-$", before) and not FORMER.search(before)
    report = re.match(rf"\s+(?:{REPORT_NOUNS})\b", text[match.end("src") :])
    # "cast doubt on Campbell's claims", "in response to Souness' remarks"
    owner = re.search(r"['’]s$", source) or (
        re.search(r"s['’]$", source) and re.match(r"\s+[a-z]", text[match.end("src") :])
    )
    possessive = owner and not report and re.search(r"\b[a-z]+\s+$", before)
    if nobody or described or bare_former or possessive:
        return True
    poll = POLL_FOR.search(before) and not STUDY_SUBJECT.match(before)
    if NO_CLAIM.match(text, match.end()) or is_subordinate(before) or poll:
        return True
    continued = " and " in source and "," not in text[match.end("src") : match.end()]
    if continued and ROLE_FOR_BEFORE.search(before):
        return True  # "A spokesman for the Department for Culture, Media and Sport said": the spokesman
    if "," in text[match.end("src") : match.end()]:  # post-posed: "..., Jim McDonnell, said"
        participle = PARTICIPLE.match(text, match.end()) and not match.group(0).endswith(("said", "says", "told"))
        return bool(before and not before.endswith(", ") and not _role_before(before)) or bool(participle)
    return False


def _role_before(before: str) -> bool:
    """The clause before a name is a role that the name holds ("The men's lawyer Jim McDonnell, said":
    a stray comma, not a name set off), not a clause that names someone else ("led by chief
    executive X, said", "speaking to correspondent X, said", "who had fewer MPs, believed")."""
    clause = before.rsplit(", ", 1)[-1]
    words = clause.split()
    return (
        bool(PERSON_ROLE_END.search(clause.rstrip()))
        and len(words) <= 6
        and not any(w.lower() in CLAUSE_WORDS for w in words)
    )


def _fuller_source(before: str, source: str, raw: str) -> str | None:
    """The speaker when the words before the name are part of it or hold it: "Judge Richard
    Mawrey, QC told" (not "QC"), "the outgoing European Commissioner said", "The head of US TV
    network Fox has admitted" (the head, not Fox)."""
    holder = HOLDER.search(before) if source in POST_NOMINALS else None
    if holder:
        return strip_openers(holder.group(1))
    former = FORMER.search(before)  # "the ex-Wallaby added": the former player
    if former:
        return former.group(0) + source
    described = DESCRIBED_TITLE.search(before) if TITLE_END.search(source) else None
    if described:
        return " ".join((described.group(1) + source).split())
    role_of = ROLE_OF_BEFORE.search(before)
    return " ".join((role_of.group(0) + raw).split()) if role_of else None
