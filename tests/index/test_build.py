"""Index build, incremental update, and a crash halfway through a reindex."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import Engine, Settings
from index.store import build
from index.store.versions import IndexStore
from qabot import cli
from tests.support.encoders import CountingEncoder

ARTICLES = {
    "rivers.txt": "The Danube flows through ten countries. It ends in the Black Sea.",
    "volcano.txt": "Mount Etna erupted on Tuesday. Ash closed the Catania airport.",
    "chess.txt": "The chess final lasted six hours. The champion kept her title.",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def engine(tmp_path: Path, corpus: Path, embedder: CountingEncoder) -> Engine:
    return Engine(Settings(corpus=corpus, index_dir=tmp_path / "index"), encoder=embedder)


def quotes(engine: Engine, question: str) -> list[str]:
    return [a.quote for a in engine.ask(question, k=6).answers]


def test_build_indexes_every_sentence(engine: Engine, embedder: CountingEncoder) -> None:
    summary = engine.reindex()
    assert (summary.added, summary.changed, summary.removed) == (3, 0, 0)
    assert summary.sentences_embedded == summary.sentences_total == 6
    assert quotes(engine, "Which airport did the ash close?")[0] == "Ash closed the Catania airport."


def test_changed_article_alone_is_reembedded_and_removed_one_disappears(
    engine: Engine, corpus: Path, embedder: CountingEncoder
) -> None:
    engine.reindex()
    embedder.embedded.clear()
    (corpus / "volcano.txt").write_text("Mount Etna erupted on Friday. Lava reached a village.", encoding="utf-8")
    (corpus / "chess.txt").unlink()

    summary = engine.reindex()

    assert (summary.added, summary.changed, summary.removed, summary.unchanged) == (0, 1, 1, 1)
    # The changed article's title (embedded once, mixed into each sentence) and its two sentences.
    assert sorted(embedder.embedded) == ["Lava reached a village.", "Mount Etna erupted on Friday.", "Volcano"]
    assert summary.sentences_total == 4
    all_quotes = quotes(engine, "chess champion title")
    assert not any("chess" in q or "champion" in q for q in all_quotes)
    assert "Lava reached a village." in quotes(engine, "Where did the lava reach?")


def test_unchanged_corpus_publishes_nothing_new(engine: Engine) -> None:
    first = engine.reindex()
    again = engine.reindex()
    assert again.sentences_embedded == 0 and again.version == first.version


def test_crash_halfway_leaves_the_old_index_serving(
    engine: Engine, corpus: Path, embedder: CountingEncoder, tmp_path: Path
) -> None:
    engine.reindex()
    before = IndexStore(tmp_path / "index").current()
    (corpus / "new.txt").write_text("A brand new sentence about comets.", encoding="utf-8")

    def crash(stage: str, done: int, total: int) -> None:
        if stage == "embed":
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        engine.reindex(progress=crash)

    assert IndexStore(tmp_path / "index").current() == before
    assert quotes(engine, "Which airport did the ash close?")[0] == "Ash closed the Catania airport."
    restarted = Engine(engine.settings, encoder=embedder)  # a fresh process loads the old version
    assert restarted.ask("Which airport did the ash close?").answers[0].quote == "Ash closed the Catania airport."
    assert "comets" not in " ".join(quotes(restarted, "comets"))
    assert engine.reindex().added == 1  # the next reindex completes


def test_duplicate_sentences_collapse_into_one_answer_with_both_sources(engine: Engine, corpus: Path) -> None:
    (corpus / "copy.txt").write_text("Ash closed the Catania airport. Flights resumed later.", encoding="utf-8")
    engine.reindex()
    answers = engine.ask("Which airport did the ash close?").answers
    assert answers[0].quote == "Ash closed the Catania airport."
    assert {answers[0].article.id, *(ref.id for ref in answers[0].also_in)} == {"volcano.txt", "copy.txt"}
    assert sum(a.quote == "Ash closed the Catania airport." for a in answers) == 1


def test_corrupted_index_file_is_rebuilt_from_the_corpus(engine: Engine, tmp_path: Path, embedder) -> None:
    engine.reindex()
    version = IndexStore(tmp_path / "index").current()
    assert version is not None
    (version / "vectors.faiss").write_bytes(b"garbage")
    fresh = Engine(engine.settings, encoder=embedder)
    summary = fresh.load()
    assert summary is not None and summary.sentences_embedded == 6
    assert fresh.ask("Which airport did the ash close?").answers[0].quote == "Ash closed the Catania airport."


def test_large_index_switches_to_ivf_and_stays_incremental(tmp_path: Path, embedder: CountingEncoder) -> None:
    corpus = tmp_path / "big"
    corpus.mkdir()
    for a in range(12):
        text = " ".join(f"Station {a} logged reading {s} of the river gauge at dawn." for s in range(10))
        (corpus / f"station-{a:02d}.txt").write_text(text, encoding="utf-8")
    settings = Settings(
        corpus=corpus, index_dir=tmp_path / "index", exact_limit=100, nprobe=64, judge="none"
    )  # the store under test
    engine = Engine(settings, encoder=embedder)
    engine.reindex()
    from index.store import versions as store

    assert store.is_approximate(engine.snapshot.vectors)  # 120 sentences > 100
    assert (
        engine.ask("Station 7 logged reading 3 of the river gauge at dawn.")
        .answers[0]
        .quote.startswith("Station 7 logged reading 3")
    )
    (corpus / "station-07.txt").write_text("Station 7 was closed for repairs.", encoding="utf-8")
    summary = engine.reindex()
    assert summary.sentences_embedded == 1 and summary.sentences_total == 111
    assert engine.ask("Which station was closed for repairs?").answers[0].quote == "Station 7 was closed for repairs."
    for name in (
        "station-00.txt",
        "station-01.txt",
        "station-02.txt",
        "station-03.txt",
        "station-04.txt",
        "station-05.txt",
        "station-08.txt",
    ):
        (corpus / name).unlink()
    assert engine.reindex().sentences_total == 41
    assert not store.is_approximate(engine.snapshot.vectors)  # back to exact below half


def test_bm25_candidates_are_built_and_used_when_asked_for(
    tmp_path: Path, corpus: Path, embedder: CountingEncoder
) -> None:
    engine = Engine(Settings(corpus=corpus, index_dir=tmp_path / "index", bm25_candidates=20), encoder=embedder)
    engine.reindex()
    catalog = engine.snapshot.catalog
    sentence_id = next(i for i, text in catalog.texts().items() if text.startswith("Ash closed"))
    tokens = catalog.sentences([sentence_id])[0].tokens
    assert tokens.split() == ["ash", "close", "catania", "airport"]
    assert engine.snapshot.lexical.top(["catania"], 5)  # the BM25 retriever exists
    assert engine.ask("Catania airport").answers[0].quote == "Ash closed the Catania airport."


def test_jsonl_articles_keep_their_own_ids_and_duplicates_name_the_other_article(
    tmp_path: Path, embedder: CountingEncoder, capsys: pytest.CaptureFixture[str]
) -> None:
    """Output names articles as a reader knows them: their own ids and titles, not the file."""
    records = [
        {"id": "tech-160", "title": "Chip plant opens", "source": "Daily Wire Test", "published": "2026-01-05"},
        {"id": "biz-7", "title": "Markets react to chip plant", "source": "Weekly Test", "published": "2026-01-06"},
    ]
    lines = [json.dumps({**r, "text": "The chip plant employs 900 people. " + r["title"] + "."}) for r in records]
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "articles.jsonl").write_text("\n".join(lines), encoding="utf-8")
    engine = Engine(Settings(corpus=tmp_path / "corpus", index_dir=tmp_path / "index", judge="none"), encoder=embedder)
    engine.reindex()
    result = engine.ask("How many people does the chip plant employ?")

    top = result.to_dict()["answers"][0]
    assert top["quote"] == "The chip plant employs 900 people."
    assert {top["article"]["id"], top["also_in"][0]["id"]} == {"tech-160", "biz-7"}
    assert top["article"]["path"] == "articles.jsonl"
    other = next(r for r in records if r["id"] == top["also_in"][0]["id"])
    assert top["also_in"][0]["title"] == other["title"]

    cli.print_result(result)
    printed = " ".join(capsys.readouterr().out.split())
    assert f'also in "{other["title"]}" ({other["source"]} · {other["published"]})' in printed


def test_new_attribution_rules_reattribute_the_index_without_embedding_again(
    seed_engine: Engine, embedder: CountingEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "Where were the missile strikes launched from?"
    assert seed_engine.ask(question).answers[0].attributed_to == "Al Hadath TV"
    manifest = json.loads((IndexStore(seed_engine.settings.index_dir).current() / "manifest.json").read_text())  # type: ignore[operator]
    assert manifest["attribution_version"] == build.ATTRIBUTION_VERSION

    def new_rules(sentences: list[str]) -> list[str | None]:
        return ["the new rules" if "Al Hadath" in text else None for text in sentences]

    monkeypatch.setattr(build, "ATTRIBUTION_VERSION", build.ATTRIBUTION_VERSION + 1)
    monkeypatch.setattr(build, "attribute_sentences", new_rules)
    embedder.embedded.clear()
    summary = seed_engine.reindex()
    assert embedder.embedded == []  # not one sentence embedded again
    assert summary.reattributed > 0 and summary.line().startswith(f"{summary.reattributed} speakers re-attributed; ")
    assert seed_engine.ask(question).answers[0].attributed_to == "the new rules"
    assert seed_engine.reindex().reattributed == 0  # recorded: the next reindex has nothing to redo
