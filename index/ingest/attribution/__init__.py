"""Who a sentence says made its claim: "according to X", "X reported", "..., said X", "he said"...

Rules, not a model: each pattern below is a reporting construction of news prose, tried in
order on the sentence with its quotations and its dateline (`LONDON, England (CNN) --`)
blanked out (a name inside a quote is not its speaker):

1. "according to X", "as reported by X" (`the Wim report`, not `the Wim`);
2. a pronoun that opens the sentence: `She said Cain suggested …` is her claim, not Cain's;
3. a speaker after the verb: `"...," said X, title of Y.` / `..., says one researcher.`;
4. a named speaker before the verb, with an appositive (`X, head of Y, said`), a title
   (`Open chief Paul McNamee had said`), a place (`music industry bosses in Norway said`),
   initials (`the Copper Commission (Cochilco) has reported`), a role of a body (`The head of
   US TV network Fox has admitted`: the head, not Fox) or a second speaker
   (`chief executive X and chief operating officer Y said`: both, as one phrase) or a list
   (`Last month, Paramount, Universal and Warner Brothers said`: all three), or a subject before
   what it includes (`X's backers, including A, the B, have said`: the backers, not B);
5. a described speaker: `the spokesman said`, `An Interior Ministry official said`,
   `the lawsuit says`, `its designers have said`, `The firm reported`; or one before a
   relative clause: `US judge Letitia Clark, who issued an injunction, has said`;
6. a pronoun: `he said`, `she told CNN` take the last named person of the article (who spoke,
   or was the subject of a sentence, or was introduced by a role: `X is organizing director`),
   `it said` the last named organisation ("the report said" the last named reporter, or "the
   report" itself when the last named source is a person), but no one when the sentence
   before names another person of that surname (`Nigel Weir said`, then `Matt Weir will`);
7. groups: `critics argue`, `analysts said`, `some users said`;
8. a speaker named without a reporting clause: `Said Mr Fogg: "…"`, `One dissenting opinion
   came from X`, `The figures were given by minister X who said`.

Never a speaker: a name in a subordinate or relative clause (`after referee X had told`,
`the crash that killed X has told`), `said a prayer`, `he has said very little`, a pronoun
in a condition or concession (`If he believes in X, he should resign`, `although it claimed`).

Quotations: a sentence that is all quotation and names no speaker continues the quote of the
sentence before. The segmenter cuts a quotation of several sentences between them, so the
sentences of one quotation (followed by their marks) share the one speaker any of them names,
when the quotation closes; one that never closes is a stray mark and shares nothing.

Anything else gets None: a wrong speaker is worse than none. Measured against hand labels of
news sentences by `benchmarks/attribution.py`.

The package, read bottom up: `lexicon` (word lists and regex fragments), `patterns` (the compiled
constructions), `quotations` (where quotations open and close), `names` (what a name is: a
person, an organisation; trimming a phrase to its name), `subjects` (a named speaker before the
verb), `constructions` (one sentence on its own: a `Claim` naming a source, a `Pronoun` or an
`Anaphor`), `speakers` (who spoke before, for the pronouns and anaphora), and here
`attribute_sentences`, the one public function.
"""

from __future__ import annotations

from collections.abc import Iterable

from index.ingest.attribution.constructions import Anaphor, Pronoun, claim_of
from index.ingest.attribution.patterns import ACCORDING_TO
from index.ingest.attribution.quotations import (
    MARK,
    QUOTED,
    all_quotation,
    blank_quotation,
    quotation_state,
    share_within_quotations,
)
from index.ingest.attribution.speakers import Speakers, resolve

# The rules' version, recorded in each index's manifest. A change of the rules bumps it, and the
# next `qabot index` recomputes the speakers of the index it has, without embedding anything
# again (`build.build_index`). 34 was the index format of the rules of 2026-11-27 (round 42).
ATTRIBUTION_VERSION = 34


def attribute_sentences(sentences: Iterable[str]) -> list[str | None]:
    """Attribute each sentence of one article, in order (pronouns and anaphora need the earlier ones).

    A quotation of several sentences (`"It is late. We are sorry," she said.`) is one claim: its
    speaker, named in one of its sentences, is every one of its sentences' speaker."""
    speakers = Speakers()
    result: list[str | None] = []
    quotes: list[tuple[bool, bool, bool]] = []
    inside = False
    for text in sentences:
        opens_inside, ends_inside = quotation_state(text, inside)
        quotes.append((opens_inside, ends_inside, MARK.match(text.lstrip()) is not None))
        closes_here = opens_inside and MARK.search(text) is not None
        inside = ends_inside
        sentence = '"' + text if closes_here else text  # read `…," said X` with its opening mark
        claim = claim_of(sentence)
        source: str | None = None
        match claim.source:
            case Anaphor(phrase):
                source = speakers.report(phrase)
            case Pronoun(word):
                source = resolve(word, speakers)
                if source is not None and word != "it":
                    speakers.people.add(source)
            case None if all_quotation(sentence):
                source = speakers.previous  # a quote that goes on from the sentence before
            case str(named_source):
                source = named_source
                speakers.heard(source, sentence, claim.named, cue=ACCORDING_TO.search(sentence) is None)
        unquoted = QUOTED.sub(blank_quotation, sentence)
        if source is None:
            speakers.read(unquoted)
        speakers.remember_names(sentence)
        speakers.before = unquoted
        has_quote = any(mark in sentence for mark in '"“”')
        if not (opens_inside and ends_inside and source is None):  # inside a quotation: it goes on
            speakers.previous = source if source is not None and has_quote else None
        result.append(source)
    return share_within_quotations(result, quotes)
