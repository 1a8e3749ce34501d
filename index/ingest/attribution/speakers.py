"""Who has spoken so far in one article, and whom a "he", "she" or "it" means."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from index.ingest.attribution.constructions import described_person
from index.ingest.attribution.lexicon import ROLE_TITLES
from index.ingest.attribution.names import kind_of, strip_openers
from index.ingest.attribution.patterns import (
    CAPITALIZED_INSIDE,
    CONTRACTED_IS,
    DESCRIBED_PERSON,
    DESCRIBED_SUBJECT,
    ECHOED_BY,
    EVENT_WORD,
    FEMALE_TITLE,
    FULL_NAME,
    INTRODUCED,
    LEAD_SUBJECT,
    MALE_TITLE,
    NAMED_LEAD,
    ORGANISATION_WORD,
    PERSON_ROLE_END,
    PERSON_TITLE,
    POSSESSIVE_END,
    PRONOUN_SUBJECT,
    REPORT_FROM,
    ROLE_THEN_NAME,
    SUBJECT,
    WHO_SUBJECT,
)


@dataclass
class Speakers:
    """Who has spoken so far in one article, for the pronouns and anaphora that point back."""

    named: str | None = None  # the last named source of any kind ("according to the report")
    person: str | None = None  # the last named person ("he said")
    organisation: str | None = None  # the last named organisation ("it said")
    previous: str | None = None  # the sentence before's speaker, when it quoted them
    names: set[str] = field(default_factory=set)  # capitalized words seen inside sentences so far
    before: str = ""  # the sentence before, its quotations blanked
    people: set[str] = field(default_factory=set)  # sources a "he" or "she" was resolved to

    def heard(self, source: str, sentence: str, named: bool, cue: bool = True) -> None:
        """`cue`: the words after the source may say what it is ("X said it would", "X, who ...")."""
        kind = kind_of(source, sentence if cue else "")
        at = sentence.find(source)
        if at > 0 and ROLE_THEN_NAME.search(sentence[:at] + source):
            kind = "person"  # "Party leader X said it had received": "it" is what he said
        # "he" is one person, "it" one body: not "X and Y", but "A Department for A and B spokeswoman",
        # "A spokesman for the Department for A and B"
        one = " and " not in source or bool(PERSON_ROLE_END.search(source) or DESCRIBED_PERSON.match(source))
        if named:
            self.named = source
            if kind in {"person", "either"} and one:
                self.person = source
            if kind in {"organisation", "either"} and one:
                self.organisation = source
        elif kind == "person":  # "the spokesman said": "he said" next is the spokesman
            self.person = source

    def report(self, phrase: str) -> str | None:
        """Who "the report" or "the newspaper" is: the last named source, unless that was a person
        (known as one by a title or role, or because "he" or "she" was said of them), who is no
        report: then "the report" itself ("its statement": no one)."""
        person = self.named is not None and self.named == self.person
        if person and (self.named in self.people or self.named != self.organisation):
            return phrase if phrase.lower().startswith("the ") else None
        return self.named

    def read(self, unquoted: str) -> None:
        """Remember the sentence's subject when it is a person ("Mr Telford agreed, but ...") or,
        for "it", an organisation ("Mitsubishi Motors issued its third profits warning").
        `unquoted`: the sentence with its quotations blanked (a name inside one is no subject)."""
        match = (
            ECHOED_BY.search(unquoted)
            or described_person(unquoted)
            or CONTRACTED_IS.search(unquoted)
            or SUBJECT.search(unquoted)
            or INTRODUCED.search(unquoted)
            or WHO_SUBJECT.search(unquoted)
        )
        report = None if match else REPORT_FROM.match(unquoted)
        if report:
            self.organisation = report.group("name")
            return
        lead = None if match else LEAD_SUBJECT.match(unquoted)
        if lead and len(lead.group("name").split()) > 1 and kind_of(lead.group("name"), unquoted) == "person":
            match = lead
        elif lead and ORGANISATION_WORD.search(lead.group("name")):
            self.organisation = lead.group("name")  # "The China Three Gorges Project Corp could now face …"
            return
        if match:
            name = strip_openers(match.group("name"))
            known = len(name.split()) > 1 or PERSON_TITLE.match(name) or name in self.names
            kind = kind_of(name, unquoted)
            if name and known and not name.startswith("The ") and kind in {"person", "either"}:
                self.person = name
            elif name and kind == "organisation":
                self.organisation = name

    def remember_names(self, sentence: str) -> None:
        """The capitalized words inside the sentence, names a later single-word subject may be."""
        self.names.update(POSSESSIVE_END.sub("", w) for w in CAPITALIZED_INSIDE.findall(sentence))


def resolve(pronoun: str, speakers: Speakers) -> str | None:
    """he/she: the last named person, unless a title says otherwise; it: the last organisation."""
    if pronoun == "it":
        return speakers.organisation
    person = speakers.person
    if person is None:
        return None
    if (pronoun == "he" and FEMALE_TITLE.match(person)) or (pronoun == "she" and MALE_TITLE.match(person)):
        return None
    before = speakers.before
    same = PRONOUN_SUBJECT.match(before)
    if same and same.group("pronoun").lower() == pronoun:
        return person  # "He won his heat in the Grand Prix. '…,' he said": the same subject goes on
    # "Mendes could not believe it …" (a name seen before, leading the sentence): "he" may be Mendes
    lead = NAMED_LEAD.match(before)
    if (
        lead
        and lead.group(1) in speakers.names
        and lead.group(1) not in person.split()
        and person.split()[-1] not in before
    ):
        return None
    return None if _someone_else(person, before) else person


def _someone_else(person: str, before: str) -> bool:
    """The sentence before may be about someone else, whom "he" may mean: a person it describes
    as its subject ("The father came to Germany."), a full name other than the person's surname's,
    or another person of the same surname ("Nigel Williams said …" then "Matt Williams will …")."""
    if DESCRIBED_SUBJECT.match(before):
        return True
    surname = person.rsplit(maxsplit=1)[-1]
    rivals = list(_rivals(before))
    namesake = person not in before and any(_namesakes(person, rival) for rival in rivals)
    return namesake or (surname not in before and any(surname not in rival for rival in rivals))


def _namesakes(person: str, other: str) -> bool:
    """Two people of one surname and different given names: "Nigel Williams", "Matt Williams"."""
    mine, theirs = person.split(), other.split()
    if len(mine) < 2 or len(theirs) < 2 or mine[-1] != theirs[-1]:
        return False
    given = [mine[-2], theirs[-2]]
    return given[0] != given[1] and not any(
        PERSON_TITLE.match(g) or g.lower() in ROLE_TITLES or PERSON_ROLE_END.search(g) for g in given
    )


def _rivals(text: str) -> Iterable[str]:
    """Full names in `text` that may be people: not organisations, not "the Nou Camp"."""
    for match in FULL_NAME.finditer(text):
        name, before = match.group(0), text[: match.start()]
        if ORGANISATION_WORD.search(name) or EVENT_WORD.search(name) or before.endswith(("the ", "The ")):
            continue
        yield name
