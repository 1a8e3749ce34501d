"""Per-server corpora: each server's articles are quoted in that server only; the base corpus in all."""

from __future__ import annotations

import gc
import re
import shutil
from pathlib import Path

import pytest

from index import Corpora, CorpusEditRefused, Engine, Settings, drafts_from_file
from index.store.snapshot import Snapshot
from tests.support.encoders import CountingEncoder
from tests.support.paths import SEED_CORPUS

TIDE = (
    "The new tide gauge at Port Alder recorded a surge of 1.9 metres on Sunday night. "
    "Engineers from the coastal agency installed the gauge in October after two years of delays."
)
BRIDGE = (
    "The Wren Street bridge will close for eight weeks from Monday for resurfacing. "
    "Buses will be diverted through the old town while the work goes on."
)
SURGE = "How high was the surge at Port Alder?"
CLOSURE = "How long will the Wren Street bridge close?"
STRIKES = "Where were the missile strikes launched from?"
ONE, TWO = 1001, 1002


def make_corpora(tmp_path: Path, embedder: CountingEncoder, max_loaded_guilds: int) -> Corpora:
    """Per-server corpora over a copy of the seed corpus, its base index built."""
    base = tmp_path / "base"
    shutil.copytree(SEED_CORPUS, base)
    settings = Settings(
        corpus=base,
        index_dir=tmp_path / "index",
        guild_corpora=tmp_path / "guilds",
        max_loaded_guilds=max_loaded_guilds,
    )
    engine = Engine(settings, encoder=embedder)
    engine.load()
    return Corpora(engine)


@pytest.fixture
def corpora(tmp_path: Path, embedder: CountingEncoder) -> Corpora:
    return make_corpora(tmp_path, embedder, max_loaded_guilds=1)


def first_quote(corpora: Corpora, guild: int | None, question: str) -> str:
    answers = corpora.engine(guild).ask(question).answers
    return answers[0].quote if answers else ""


def test_two_servers_never_quote_each_others_articles_and_both_quote_the_base(
    corpora: Corpora, embedder: CountingEncoder
) -> None:
    assert corpora.engine(ONE) is corpora.base  # nothing of its own yet: the base index answers
    embedder.embedded.clear()
    corpora.curator(ONE).add(drafts_from_file("tide.txt", TIDE.encode()), actor="cli:test")
    # The server's index started from a copy of the base: only the new article was embedded.
    assert len(embedder.embedded) == 3 and all("Coalition" not in text for text in embedder.embedded)
    corpora.curator(TWO).add(drafts_from_file("bridge.txt", BRIDGE.encode()), actor="cli:test")

    assert first_quote(corpora, ONE, SURGE).startswith("The new tide gauge at Port Alder")
    assert first_quote(corpora, TWO, CLOSURE).startswith("The Wren Street bridge will close")
    for guild, question, other in ((ONE, CLOSURE, "Wren Street"), (TWO, SURGE, "Port Alder"), (None, SURGE, "Port")):
        quotes = [a.quote for a in corpora.engine(guild).ask(question, k=10).answers]
        assert not any(other in quote for quote in quotes), (guild, quotes)
    for guild in (ONE, TWO, None):
        assert first_quote(corpora, guild, STRIKES).startswith("On December 20, Al Hadath TV")

    assert sorted(p.name for p in corpora.folder(ONE).iterdir()) == ["tide.md"]
    ids = {info.ref.id for info in corpora.engine(ONE).articles()}
    assert ids == {"tide.md", "coalition-strikes-isis-syria.md"}


def test_a_server_cannot_remove_a_base_article_and_removes_its_own(corpora: Corpora) -> None:
    curator = corpora.curator(ONE)
    curator.add(drafts_from_file("tide.txt", TIDE.encode()), actor="cli:test")
    message = "'coalition-strikes-isis-syria.md' is in the shared base corpus, which only the bot's operator can change"
    with pytest.raises(CorpusEditRefused, match=re.escape(message)):
        curator.remove("coalition-strikes-isis-syria.md", actor="cli:test")
    corpora.curator(ONE).remove("tide.md", actor="cli:test")
    assert "Port Alder" not in first_quote(corpora, ONE, SURGE)
    assert first_quote(corpora, ONE, STRIKES).startswith("On December 20")


def test_a_base_article_already_there_is_refused_in_a_server(corpora: Corpora) -> None:
    seed = (SEED_CORPUS / "coalition-strikes-isis-syria.md").read_bytes()
    with pytest.raises(CorpusEditRefused, match="the same text is already in the corpus as"):
        corpora.curator(ONE).add(drafts_from_file("copy.md", seed), actor="cli:test")


def test_unloaded_servers_load_again_on_their_next_question(corpora: Corpora) -> None:
    corpora.curator(ONE).add(drafts_from_file("tide.txt", TIDE.encode()), actor="cli:test")
    corpora.curator(TWO).add(drafts_from_file("bridge.txt", BRIDGE.encode()), actor="cli:test")  # ONE unloaded
    assert first_quote(corpora, ONE, SURGE).startswith("The new tide gauge")
    assert first_quote(corpora, TWO, CLOSURE).startswith("The Wren Street bridge")


def test_without_guild_corpora_every_server_shares_the_one_corpus(tmp_path: Path, embedder: CountingEncoder) -> None:
    engine = Engine(
        Settings(corpus=shutil.copytree(SEED_CORPUS, tmp_path / "c"), index_dir=tmp_path / "i"), encoder=embedder
    )
    corpora = Corpora(engine)
    assert corpora.engine(ONE) is corpora.engine(TWO) is corpora.engine(None) is engine
    assert corpora.curator(ONE) is corpora.curator(None)


def test_reading_a_server_that_has_no_corpus_yet_creates_nothing_and_changes_nothing(corpora: Corpora) -> None:
    reader = corpora.curator(ONE, create=False)
    assert [info.ref.id for info in reader.articles()] == ["coalition-strikes-isis-syria.md"]
    assert reader.audit.latest() == []
    with pytest.raises(CorpusEditRefused, match="read-only"):
        reader.add(drafts_from_file("tide.txt", TIDE.encode()), actor="cli:test")
    assert not corpora.folder(ONE).exists()
    assert sorted(p.name for p in Path(corpora.settings.corpus).iterdir()) == ["coalition-strikes-isis-syria.md"]


def test_beyond_max_loaded_guilds_engines_are_unloaded_even_for_servers_that_curated(
    tmp_path: Path, embedder: CountingEncoder
) -> None:
    corpora = make_corpora(tmp_path, embedder, max_loaded_guilds=3)
    settings = corpora.settings
    servers = range(2001, 2013)
    for number, guild in enumerate(servers):
        text = f"The ferry to Isle {number} will run twice a day from June. The harbour office said so on Monday."
        corpora.curator(guild).add(drafts_from_file(f"ferry-{number}.txt", text.encode()), actor="cli:test")
        assert first_quote(corpora, guild, f"When will the ferry to Isle {number} run?").startswith(
            f"The ferry to Isle {number}"
        )
    gc.collect()
    alive = [obj for obj in gc.get_objects() if isinstance(obj, Engine)]
    assert len(alive) <= settings.max_loaded_guilds + 1, len(alive)  # the base and the three most recent
    snapshots = [obj for obj in gc.get_objects() if isinstance(obj, Snapshot)]
    assert len(snapshots) <= settings.max_loaded_guilds + 1  # unloaded engines' indexes closed too
    # An unloaded server loads again when asked, with its own article.
    assert first_quote(corpora, servers[0], "When will the ferry to Isle 0 run?").startswith("The ferry to Isle 0")
