"""Near-duplicate sentences: spelling, spacing and punctuation variants merge; other claims never do."""

from __future__ import annotations

import re
import sqlite3
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index import Engine, Settings
from index.ingest.near_duplicates import near_duplicate_groups, same_sentence
from index.store import versions as store
from index.store.versions import IndexStore
from tests.support.corpora import indexed_engine, write_articles
from tests.support.encoders import CountingEncoder


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The team changed its tyres after the third lap.", "The team changed its tires after the third lap."),
        ("Rescuers searched for 12 hours' before giving up.", "Rescuers searched for 12 hour's before giving up."),
        (
            "The phones connect by3G to the network, the firm said.",
            "The phones connect by 3G to the network, the firm said.",
        ),
        ("The organisation will publish its report in June.", "The organization will publish its report in June."),
        ("Al-Qaeda claimed the attack on Tuesday evening.", "Al Qaida claimed the attack on Tuesday evening."),
        ("  The  council APPROVED the budget on Monday!", "The council approved the budget on Monday."),
    ],
)
def test_spelling_spacing_and_punctuation_variants_are_one_sentence(a: str, b: str) -> None:
    assert same_sentence(words(a), words(b))
    assert near_duplicate_groups({1: a, 2: b}) == {1: 1, 2: 1}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A different figure is a different claim: the reader must see both.
        (
            "US unemployment fell to 5.4% in January, the report said.",
            "US unemployment fell to 5.2% in January, the report said.",
        ),
        (
            "The minister said he would resign before the vote.",
            "The minister said he would not resign before the vote.",
        ),
        (
            "Police said the men were arrested in the city on Friday.",
            "Police said the men were arrested in the city on Monday.",
        ),
        ("The strike began in May and ended after two weeks.", "The strike began in May and ended after six weeks."),
        ("Shares rose on the news of the merger talks today.", "Shares fell on the news of the merger talks today."),
        # Three spelling variants in one sentence are more than a typo.
        ("The colour of the tyres on the organisation's vans.", "The color of the tires on the organization's vans."),
    ],
)
def test_different_claims_never_merge(a: str, b: str) -> None:
    assert not same_sentence(words(a), words(b))
    assert near_duplicate_groups({1: a, 2: b}) == {}


def test_groups_name_their_smallest_id_and_leave_the_others_out() -> None:
    texts = {
        7: "The barrier cost 412 million euros, nearly twice the budget.",
        3: "The barrier cost 412 million euros, nearly twice the budjet.",
        5: "the barrier cost 412 million euros nearly twice the budget",
        4: "An unrelated sentence about the weather on the coast.",
        9: "Short one.",
        10: "Short one.",  # under five words: left to the exact-text collapse at question time
    }
    assert near_duplicate_groups(texts) == {3: 3, 5: 3, 7: 3}


VOCABULARY = ["council", "budget", "harbour", "minister", "report", "tyres", "tires", "the", "a", "12", "hours"]


def reference_groups(texts: dict[int, str]) -> set[frozenset[int]]:
    """Quadratic: every pair that shares its first or last three words (the candidates, by design:
    a sentence varied at both ends is not looked for) and that `same_sentence` accepts, closed."""
    parent = {sid: sid for sid in texts}

    def root(sid: int) -> int:
        while parent[sid] != sid:
            sid = parent[sid]
        return sid

    for a, b in combinations(sorted(texts), 2):
        wa, wb = words(texts[a]), words(texts[b])
        candidates = wa[:3] == wb[:3] or wa[-3:] == wb[-3:]
        if len(wa) >= 5 and len(wb) >= 5 and candidates and (wa == wb or same_sentence(wa, wb)):
            parent[max(root(a), root(b))] = min(root(a), root(b))
    groups: dict[int, set[int]] = {}
    for sid in texts:
        groups.setdefault(root(sid), set()).add(sid)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(VOCABULARY), min_size=5, max_size=9), min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 5), st.integers(2, 4), st.sampled_from(VOCABULARY)), max_size=8),
)
def test_grouping_finds_what_the_quadratic_reference_finds(
    bases: list[list[str]], edits: list[tuple[int, int, str]]
) -> None:
    """Variants made inside a sentence (its first and last three words kept) are all found."""
    sentences = [list(base) for base in bases]
    for which, position, word in edits:
        base = bases[which % len(bases)]
        variant = list(base)
        if 3 <= position < len(variant) - 3:
            variant[position] = word
        sentences.append(variant)
    texts = {sid: " ".join(s) + "." for sid, s in enumerate(sentences, start=1)}
    found = near_duplicate_groups(texts)
    groups: dict[int, set[int]] = {}
    for sid, first in found.items():
        groups.setdefault(first, set()).add(sid)
    assert {frozenset(g) for g in groups.values()} == reference_groups(texts)
    assert all(first == min(g) for first, g in groups.items())


def test_a_variant_in_another_article_is_one_answer_naming_both(tmp_path: Path, embedder: CountingEncoder) -> None:
    articles = {
        "race.md": "---\ntitle: Rain decides the Marlow Grand Prix\nsource: Test Wire\n---\n"
        "Rain fell on the Marlow circuit all afternoon. The leading team changed its tyres after the third lap. "
        "Its driver won by eleven seconds.\n",
        "race-us.md": "---\ntitle: Marlow Grand Prix won in the wet\nsource: Other Wire\n---\n"
        "The leading team changed its tires after the third lap. The crowd stayed despite the rain.\n",
        "jobs.md": "---\ntitle: Jobless rate\n---\nUS unemployment fell to 5.4% in January, the report said.\n",
        "jobs-revised.md": "---\ntitle: Jobless rate revised\n---\n"
        "US unemployment fell to 5.2% in January, the report said.\n",
    }
    engine = indexed_engine(tmp_path, embedder, articles, judge="none")

    answers = engine.ask("When did the leading team change its tyres?").answers
    tyre_quotes = [a for a in answers if "changed its" in a.quote]
    assert len(tyre_quotes) == 1
    assert {tyre_quotes[0].article.title, *(ref.title for ref in tyre_quotes[0].also_in)} == {
        "Rain decides the Marlow Grand Prix",
        "Marlow Grand Prix won in the wet",
    }
    assert tyre_quotes[0].quote in {
        "The leading team changed its tyres after the third lap.",
        "The leading team changed its tires after the third lap.",
    }  # verbatim, from the article it names first

    figures = [a.quote for a in engine.ask("What did US unemployment fall to in January?").answers]
    assert "US unemployment fell to 5.4% in January, the report said." in figures
    assert "US unemployment fell to 5.2% in January, the report said." in figures


def test_an_index_built_before_near_duplicate_groups_serves_and_updates(
    tmp_path: Path, embedder: CountingEncoder
) -> None:
    """A version written by an older qabot has no `quote_groups` table: it answers, exact copies
    still collapse, and the next incremental reindex adds the groups without re-embedding it."""
    sentence = "The leading team changed its tyres after the third lap."
    corpus = write_articles(
        tmp_path / "corpus",
        {"a.txt": f"Race report\n\n{sentence} The crowd cheered.\n", "b.txt": f"Second report\n\n{sentence}\n"},
    )
    settings = Settings(corpus=corpus, index_dir=tmp_path / "index", judge="none")
    Engine(settings, encoder=embedder).reindex()
    version = IndexStore(settings.index_dir).current()
    assert version is not None
    with sqlite3.connect(version / "meta.sqlite") as db:
        db.execute("DROP TABLE quote_groups")
    store.write_manifest(version, {k: v for k, v in store.read_manifest(version).items() if k != "files"})

    old = Engine(settings, encoder=embedder)
    (answer,) = [a for a in old.ask("When did the team change its tyres?").answers if a.quote == sentence]
    assert len(answer.also_in) == 1

    (corpus / "c.txt").write_text(
        "Third report\n\nThe leading team changed its tires after the third lap.\n", encoding="utf-8"
    )
    embedder.embedded.clear()
    summary = old.reindex()
    assert (summary.added, summary.unchanged) == (1, 2)
    assert "The leading team changed its tyres after the third lap." not in embedder.embedded  # not re-embedded
    (answer,) = [a for a in old.ask("When did the team change its tyres?").answers if "changed its" in a.quote]
    assert len(answer.also_in) == 2


def test_a_reindex_groups_a_new_variant_with_an_old_sentence_and_forgets_a_removed_one(
    tmp_path: Path, embedder: CountingEncoder
) -> None:
    sentence = "The leading team changed its tyres after the third lap."
    articles = {
        "a.txt": f"Race report\n\n{sentence} The crowd cheered.\n",
        "b.txt": "Weather\n\nRain fell on the coast all week long.\n",
    }
    engine = indexed_engine(tmp_path, embedder, articles, judge="none")
    corpus = engine.settings.corpus
    question = "When did the team change its tyres?"
    assert [a.also_in for a in engine.ask(question).answers if "changed its" in a.quote] == [[]]

    (corpus / "c.txt").write_text(
        "US report\n\nThe leading team changed its tires after the third lap.\n", encoding="utf-8"
    )
    engine.reindex()  # compares only c.txt's sentences, with those that share a key
    (answer,) = [a for a in engine.ask(question).answers if "changed its" in a.quote]
    assert [ref.id for ref in answer.also_in] in (["c.txt"], ["a.txt"])

    (corpus / "a.txt").unlink()
    engine.reindex()
    (answer,) = [a for a in engine.ask(question).answers if "changed its" in a.quote]
    assert answer.article.id == "c.txt" and answer.also_in == []  # the removed article is never named
