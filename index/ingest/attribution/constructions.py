"""One sentence on its own: which reporting construction names its source (`claim_of`), tried in
the order the package docstring lists. A source that points back (a pronoun, "the report") is
returned as such, typed, for `speakers` to resolve against the article's earlier sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.attribution.lexicon import (
    DATE_WORDS,
    MAX_NAME_WORDS,
    MAX_SOURCE_WORDS,
    NAME,
    PREPOSITIONS,
    PRONOUNS,
    TIME_WORDS,
    WEAK_VERBS,
)
from index.ingest.attribution.names import clean_source, is_named, is_subordinate, kind_of, person_of, strip_openers
from index.ingest.attribution.patterns import (
    ACCORDING_TO,
    AFTER_VERB,
    AFTER_VERB_STOP,
    AGE,
    ANAPHOR,
    ANAPHORIC_SOURCE,
    APPOSITIVE_VERB,
    BODY_ROLE_END,
    BY_WHO_SAID,
    CAME_FROM,
    COMPOUND_GROUP,
    DATELINE,
    DESCRIBED_PERSON,
    DESCRIBED_SUBJECT_BEFORE,
    DESCRIBED_THEN_NAMED,
    DESCRIBED_VERB,
    FINITE,
    GROUP,
    GROUP_END,
    INCLUDING_SUBJECT,
    INTRODUCTION,
    LEADING_PRONOUN,
    LIST_AFTER,
    NAME_THEN_ROLE,
    NO_CLAIM,
    ORGANISATION_WORD,
    PERSON_HEADS,
    PERSON_ROLE_END,
    PLACE_THEN_NAME,
    POSSESSIVE_START,
    PRONOUN_VERB,
    REPORTING,
    ROLE_END,
    SAID_FIRST,
    SUBJECT_THEN_SAID,
    TITLE_END,
    WARNED_TO,
    WHO_CLAUSE,
)
from index.ingest.attribution.quotations import QUOTED, blank, blank_quotation
from index.ingest.attribution.subjects import named_verb


@dataclass(frozen=True, slots=True)
class Pronoun:
    """The sentence's source is a pronoun ("he said", "it reported"), resolved against who spoke before."""

    word: str  # "he", "she", "it", "they"


@dataclass(frozen=True, slots=True)
class Anaphor:
    """The source points back ("the report said", "according to the newspaper"): the article's last
    named source, or the phrase itself when that was a person (`Speakers.report`)."""

    phrase: str  # "the report"; "" when the sentence names no noun ("according to it")


@dataclass(frozen=True, slots=True)
class Claim:
    """What one sentence says of who made its claim, before the article's other sentences are read."""

    source: str | Pronoun | Anaphor | None
    named: bool = False  # a proper name ("Reuters"), not a description ("the spokesman") or a group


NOBODY = Claim(None)


def claim_of(sentence: str) -> Claim:
    """Who `sentence` says made its claim, by the first reporting construction that matches."""
    text = QUOTED.sub(blank_quotation, DATELINE.sub(blank, sentence))  # a name inside a quotation is not its speaker
    speaker = _after_verb(text)
    if speaker and QUOTED.search(sentence):  # '"...," said X, as reported by Reuters': X spoke
        return _named(speaker)
    match = ACCORDING_TO.search(text)
    if match:
        return _according_to(text, match)
    for finder in (
        _leading_pronoun,
        _after_verb,
        _including,
        _appositive,
        _described_then_named,
        named_verb,
        _described,
        _before_who,
        _named_otherwise,
        _subject_then_said,
    ):
        found = finder(text)
        if (
            isinstance(found, str)
            and finder is named_verb
            and re.search(rf"{re.escape(found)}\s+(?:{WEAK_VERBS})\b", text)
        ):
            found = _described(text) or found  # "The US believes X, a US official told CNN": the official
        if found:
            return _named(found)
    pronoun = PRONOUN_VERB.search(text)
    if pronoun:
        return Claim(Pronoun(pronoun.group("pronoun").lower()))
    anaphor = ANAPHOR.search(text)
    if anaphor:
        return Claim(Anaphor(anaphor.group("noun") or ""))
    return Claim(_group(text))


def _named(source: str | Pronoun) -> Claim:
    return Claim(source, isinstance(source, str) and is_named(source))


def _group(text: str) -> str | None:
    """`analysts said`, `Many investors believe`: a group; not one that told someone of something
    ("X bosses told counterparts of"), nor the end of a named compound subject ("President X and
    the country's legal authorities said")."""
    group = GROUP.search(text)
    if group is None or NO_CLAIM.match(text, group.end()) or COMPOUND_GROUP.search(text[: group.start()]):
        return None
    return group.group("src")


def _according_to(text: str, match: re.Match[str]) -> Claim:
    speaker = named_verb(text[: match.start()])  # "Garcia said, according to the news agency"
    if speaker:
        return _named(speaker)
    if PLACE_THEN_NAME.match(text, match.end()):  # "according to Nassau County, New York, DA X"
        return NOBODY
    source = clean_source(match.group("src"))
    if source == "":
        return NOBODY
    if source is None or ANAPHORIC_SOURCE.match(source):
        return Claim(Anaphor(source or ""))  # "according to the report"
    if POSSESSIVE_START.match(source) and not any(w[:1].isupper() for w in source.split()[1:]):
        # "according to their last known voting intention": no one; "According to its latest
        # accounts, Media Lab Europe said": the name that says it
        after = named_verb(text[match.end() :])
        return _named(after) if after else NOBODY
    return _named(source)


def _leading_pronoun(text: str) -> Pronoun | None:
    """ "She said Cain suggested ...": the claim is hers, not Cain's (resolved later)."""
    stripped = text.strip()
    match = LEADING_PRONOUN.match(stripped)
    if not match or (match.group(0).endswith(("denied", "denies")) and NO_CLAIM.match(stripped, match.end())):
        return None  # "He denied him a second goal"
    return Pronoun(match.group("pronoun").lower())


def _after_verb(text: str) -> str | None:
    """`"...," said X` -> X (see `_after_verb_phrase`), a person without the place or body they
    are "of" ("iReporter Joel Vetsch of New Haven" -> "Joel Vetsch")."""
    phrase = _after_verb_phrase(text)
    return phrase and (person_of(phrase) or phrase)


def _after_verb_phrase(text: str) -> str | None:
    """`"...," said X` -> X: the name it ends in ("chief executive Todd Stitzer" -> "Todd Stitzer"),
    a capitalized phrase ("Le Figaro newspaper"), or a described speaker ("a Fox spokesman")."""
    match = AFTER_VERB.search(text)
    # ", warned the BBC to steer away": the listener; "Their president, X, says Juninho …": X speaks,
    # Juninho is what he speaks of
    if not match or WARNED_TO.match(match.group(0)) or DESCRIBED_SUBJECT_BEFORE.fullmatch(text[: match.start()]):
        return None
    phrase = AFTER_VERB_STOP.sub("", " ".join(match.group("src").split())).strip()
    phrase = re.sub(r"\s+(?:said|says)$", "", phrase)  # "said X chairman Peter Sanders said": a doubled verb
    described = NAME_THEN_ROLE.match(phrase)  # "X mobile industry specialist for analysts Y": X
    phrase = described.group(1) if described else phrase
    words = phrase.split()
    too_long = not words or len(words) > MAX_SOURCE_WORDS
    if too_long or words[0].lower() in (PRONOUNS - {"the"}) | TIME_WORDS or FINITE.search(phrase):
        return None  # FINITE: ", said Charles was one of his heroes" is what was said, not who
    tail = re.search(rf"(?:^|\s)({NAME})$", phrase)
    if tail and tail.start(1) > 0 and phrase[: tail.start(1)].split()[-1][:1].islower():
        return _name_at_end(phrase, tail, text[match.end() :])
    if words[0][:1].isupper():
        # ", though, believes Williams fits the bill": what is believed, not who believes it
        weak = re.match(r"\W*(?:thinks|believes)\b", match.group(0))
        return None if weak and any(w[:1].islower() for w in words) else phrase
    role = bool(ROLE_END.search(phrase) or AGE.fullmatch(words[-1]) or words[-1] in {"champion", "seed"})
    if words[0].lower() in {"the", "a", "an", "one", "our"} and role:
        return phrase  # "said a Fox spokesman", "said our correspondent", "said the 22-year-old", "said the champion"
    return None


def _name_at_end(phrase: str, tail: re.Match[str], rest: str) -> str | None:
    """`said X` where X ends in a name after a lowercase word: "chief executive Todd Stitzer" ->
    the name; "the head of Marlow Ferries" -> the head, not the firm, and "the director behind JFK,
    Platoon and Nixon" the whole list (`rest`: the sentence after the match); "the star of X" -> no
    one known."""
    head = phrase[: tail.start(1)]
    lowercase = phrase[:1].islower()
    if lowercase and head.split()[-1] in {"of", "for", "at", "behind"}:
        if not DESCRIBED_PERSON.match(head):
            return None
        listed = LIST_AFTER.match(rest)
        return " ".join((phrase + (listed.group(0) if listed else "")).split())
    role = PERSON_ROLE_END.search(head.rstrip())  # "Villa boss David O'Leary"
    return tail.group(1) if lowercase or role else phrase


def _appositive(text: str) -> str | None:
    """`X, head of Y, said` -> X. After a comma only when an introductory phrase precedes it
    ("In response to ..., X, leader of Y, said"), not in a list ("..., Ambuja Cement India Ltd,
    a Holcim statement said") or a place ("Casablanca, Morocco, she said")."""
    pos = 0
    while match := APPOSITIVE_VERB.search(text, pos):
        pos = match.start("src") + 1  # overlapping: "However, X, the chairman of Y, said" after "However"
        if NO_CLAIM.match(text, match.end()):
            continue
        source = strip_openers(match.group("src"))
        removed = match.group("src")[: len(match.group("src")) - len(source)].split()
        if not source or any(w not in {"And", "But"} for w in removed) or source.lower() in PRONOUNS:
            continue  # "In London, police said": the opener is no name
        if source.split()[0].lower() in PREPOSITIONS:
            continue  # "For the Liberal Democrats, Sir Menzies Campbell said": the name after it speaks
        before = text[: match.start("src")]
        if before.endswith(", ") and not INTRODUCTION.match(before):
            continue
        appositive = match.group(0)[len(match.group("src")) :].strip(" ,").split()
        if appositive and appositive[0].lower() in {"he", "she", "it", "they", "we", "i", "you"}:
            continue
        named = re.match(rf"({NAME}),", match.group(0)[len(match.group("src")) :].lstrip(" ,"))
        office = source.startswith("The ") or TITLE_END.search(source) or PERSON_ROLE_END.search(source)
        if office and named and len(named.group(1).split()) <= MAX_NAME_WORDS:
            return named.group(1)  # "The Lord Chancellor, Lord Falconer, agreed": the name
        return source
    return None


def _before_who(text: str) -> str | None:
    """`X, who …, said` -> X: the full name the subject ends in, or a described subject ("The
    remaining members of Korn"); nothing else (a place, an event)."""
    match = WHO_CLAUSE.search(text)
    if not match or NO_CLAIM.match(text, match.end()):  # "Marlow, which lies on the coast, said goodbye"
        return None
    subject = " ".join(match.group("src").split())
    if match.group("rel") == "which":  # "The firm, which …, said": a body, described or named
        body = re.match(r"(?:The|A|An)\s", subject) and BODY_ROLE_END.search(subject)
        named = re.fullmatch(NAME, subject) and kind_of(subject, "") != "person"
        return subject if (body or named) and len(subject.split()) <= MAX_SOURCE_WORDS else None
    name = re.search(rf"(?:^|\s)({NAME})$", subject)
    if name and len(name.group(1).split()) >= 2 and not ORGANISATION_WORD.search(name.group(1)):
        return strip_openers(name.group(1)) or None
    age = subject.startswith("The ") and AGE.fullmatch(subject[4:])  # "The 27-year-old, who ..., said"
    described = ROLE_END.search(subject.split(" of ")[0]) or age
    if re.match(r"(?:The|A|An)\s", subject) and described:
        return subject if len(subject.split()) <= MAX_SOURCE_WORDS else None
    return None


def _including(text: str) -> str | None:
    """`X, including A, the B, have said` -> X, when X is a name or describes people or bodies
    ("Cash-strapped firms"); not "Prices, including fuel, ..." (no one)."""
    match = INCLUDING_SUBJECT.match(text)
    if not match or NO_CLAIM.match(text, match.end()):
        return None
    subject = strip_openers(" ".join(match.group("src").split()))
    if not subject or len(subject.split()) > 6 or subject.split()[0].lower() in PRONOUNS - {"the"}:
        return None
    named = re.fullmatch(NAME, subject) is not None
    return subject if named or ROLE_END.search(subject) or GROUP_END.search(subject) else None


def described_person(text: str) -> re.Match[str] | None:
    """ "One woman, Victoria Lapete, found her sister": the subject named after a person's description."""
    match = DESCRIBED_THEN_NAMED.match(text)
    return match if match and PERSON_HEADS.match(match.group("head")) else None


def _described_then_named(text: str) -> str | None:
    """`One of the jilted bidders, Netherlands-based group LNM, said` -> the named one, with the
    words that describe it."""
    match = DESCRIBED_THEN_NAMED.match(text)
    verb = REPORTING.match(text, match.end()) if match else None
    if not match or not verb or NO_CLAIM.match(text, verb.end()):  # "The chaplain, Father X, said a prayer"
        return None
    return strip_openers(match.group("src")) or None


def _named_otherwise(text: str) -> str | None:
    """A speaker named without a reporting clause: "Said Mr Fogg: ...", "criticism came from X", "given
    by X who said"."""
    match = SAID_FIRST.search(text) or CAME_FROM.search(text) or BY_WHO_SAID.search(text)
    return strip_openers(match.group("src")) or None if match else None


def _subject_then_said(text: str) -> str | Pronoun | None:
    """The sentence's subject did something "but said" or "and said", or "and he said": "F-Secure
    issued a warning but said …", "A spokesman for the firm refused to comment, but said …",
    "O'Leary has been in talks over a new deal and he said" (O'Leary is the "he")."""
    match = SUBJECT_THEN_SAID.match(text)
    if not match:
        return None
    if not match.group("name"):
        return match.group("described")
    name = strip_openers(match.group("name"))
    if match.group("after"):  # "Electrolux saw its shares rise on Monday after it said …": the subject is "it"
        between = text[match.end("name") : match.start("after")]
        others = [w for w in re.findall(r"\b[A-Z][\w'’-]*", between) if w.lower() not in DATE_WORDS]
        return name if name and not others and kind_of(name, "") != "person" else None
    pronoun = (match.group("pronoun") or "").strip().lower()
    if name.lower() in {"he", "she", "it"} or (pronoun and kind_of(name, "") == "organisation"):
        return Pronoun(pronoun or name.lower())  # "He called it an occupation and said …": resolved later
    return name or None


def _described(text: str) -> str | None:
    for match in DESCRIBED_VERB.finditer(text):
        if not is_subordinate(text[: match.start("src")]) and not NO_CLAIM.match(text, match.end()):
            source = " ".join(match.group("src").split())
            parts = re.split(r"\s+and\s+(?=(?:the|a|an)\s)", source, maxsplit=1)
            first, second = parts[0], parts[1] if len(parts) > 1 else ""
            # "the doctors and the family's lawyer said": both; "helped the relief effort and the
            # prime minister has said": the second clause's subject only
            return source if not second or ROLE_END.search(first) else second
    return None
