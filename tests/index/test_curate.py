"""Adding and removing articles: quoted after the reindex that adds them, never after removal, nothing half-done."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from index import (
    AlreadyInCorpus,
    CorpusEditRefused,
    Curator,
    Engine,
    FetchPolicy,
    Settings,
    draft_from_page,
    drafts_from_file,
    fetch,
)
from localdiscord.web import local_web
from tests.support.encoders import CountingEncoder
from tests.support.paths import PAGES, SEED_CORPUS

LOOPBACK = FetchPolicy.build(allowed_networks=["127.0.0.1/32"])
BOATS = "How many fishing boats were damaged in the storm at Kestrel Bay?"
BOATS_ANSWER = (
    "Harbour master Ines Roth said fourteen fishing boats had been damaged in the storm, three of them beyond repair."
)

TIDE_TXT = (
    "The new tide gauge at Port Alder recorded a surge of 1.9 metres on Sunday night. "
    "Engineers from the coastal agency installed the gauge in October after two years of delays. "
    "The agency said the reading was the highest since records began in 1962."
)


@pytest.fixture
def curator(tmp_path: Path, embedder: CountingEncoder) -> Curator:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    engine = Engine(Settings(corpus=corpus, index_dir=tmp_path / "index"), encoder=embedder)
    engine.load()
    return Curator(engine)


def quotes(curator: Curator, question: str) -> list[str]:
    return [answer.quote for answer in curator.engine.ask(question, k=5).answers]


def corpus_files(curator: Curator) -> list[str]:
    return sorted(path.name for path in curator.folder.iterdir())


async def test_a_page_added_by_link_is_quoted_with_its_metadata_then_removed_never_again(curator: Curator) -> None:
    async with local_web() as server:
        link = server.page("/harbour", PAGES / "harbour.html")
        draft = draft_from_page(await fetch(link, LOOPBACK), link)
    assert BOATS_ANSWER not in quotes(curator, BOATS)

    change = curator.add([draft], actor="cli:mara")
    (article,) = change.articles
    assert article.id == "kestrel-bay-harbour-reopens-after-nine-day-closure.md"
    assert change.summary.added == 1 and change.summary.sentences_embedded == 5

    result = curator.engine.ask(BOATS)
    first = result.answers[0]
    assert first.quote == BOATS_ANSWER  # verbatim text of the page's paragraph
    assert (first.article.title, first.article.source, first.article.published) == (
        "Kestrel Bay harbour reopens after nine-day closure",
        "The Coastal Ledger",
        "2026-03-14",
    )
    assert first.article.url == "https://ledger.example/2026/03/kestrel-bay-harbour-reopens"
    written = (curator.folder / article.id).read_text(encoding="utf-8")
    assert f"origin: {link}\nadded_by: cli:mara\n" in written
    assert "Subscribe today" not in written and "Most read" not in written  # boilerplate left out
    (event,) = curator.audit.latest(1)
    assert (event.actor, event.action, event.target, event.outcome) == ("cli:mara", "add", article.id, "ok")
    assert curator.added(article.id) == event

    removed = curator.remove(article.id, actor="cli:mara")
    assert removed.summary.removed == 1 and article.id not in corpus_files(curator)
    assert all("Kestrel" not in quote for quote in quotes(curator, BOATS))
    assert all("Kestrel" not in quote for quote in quotes(curator, "Kestrel Bay harbour ferry Gannet Islands"))
    assert [e.action for e in curator.audit.latest(2)] == ["remove", "add"]


async def test_the_same_link_or_the_same_text_again_is_refused_and_names_the_article(curator: Curator) -> None:
    async with local_web() as server:
        link = server.page("/harbour", PAGES / "harbour.html")
        page = await fetch(link, LOOPBACK)
    curator.add([draft_from_page(page, link)], actor="cli:mara")
    before = corpus_files(curator)
    article_id = "kestrel-bay-harbour-reopens-after-nine-day-closure.md"
    title = f"“Kestrel Bay harbour reopens after nine-day closure” ({article_id})"

    with pytest.raises(AlreadyInCorpus, match=re.escape(f"is already in the corpus as {title}")):
        curator.add([draft_from_page(page, link + "#comments")], actor="cli:ines")
    canonical = draft_from_page(page, "https://www.ledger.example/2026/03/kestrel-bay-harbour-reopens/")
    with pytest.raises(AlreadyInCorpus):
        curator.add([canonical], actor="cli:ines")
    retyped = draft_from_page(page, link).article.text.replace("\n", "\n\n")  # the same text, other line breaks
    with pytest.raises(AlreadyInCorpus, match=re.escape(f"the same text is already in the corpus as {title}")):
        curator.add(drafts_from_file("copy.txt", retyped.encode()), actor="cli:ines")
    assert corpus_files(curator) == before
    assert [e.outcome for e in curator.audit.latest(3)] == ["refused"] * 3


def test_uploaded_files_of_each_kind_are_added(curator: Curator) -> None:
    markdown = "---\ntitle: Tide gauge records a surge\noutlet: Alder Weekly\ndate: 2026-02-02\n---\n" + TIDE_TXT
    jsonl = "\n".join(
        json.dumps({"id": f"brief-{n}", "title": title, "text": text})
        for n, (title, text) in enumerate(
            [
                ("Bridge closed", "The Wren Street bridge will close for eight weeks from Monday for resurfacing."),
                ("School reopens", "Hollin Primary School reopened on Thursday after its roof was replaced."),
            ]
        )
    )
    added = curator.add(drafts_from_file("tide.md", markdown.encode()), actor="cli:mara").articles
    added += curator.add(drafts_from_file("briefs.jsonl", jsonl.encode()), actor="cli:mara").articles
    page = (PAGES / "harbour.html").read_bytes()
    added += curator.add(drafts_from_file("storm.html", page), actor="cli:mara").articles
    assert [a.title for a in added] == [
        "Tide gauge records a surge",
        "Bridge closed",
        "School reopens",
        "Kestrel Bay harbour reopens after nine-day closure",
    ]
    assert added[0].source == "Alder Weekly" and added[0].published == "2026-02-02"
    bridge = quotes(curator, "How long will the Wren Street bridge be closed?")
    assert bridge[0].startswith("The Wren Street bridge will close")
    assert quotes(curator, "How high was the surge at Port Alder?")[0].startswith("The new tide gauge at Port Alder")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Caf\u00e9 owners in Port Alder said trade fell.".encode("latin-1"), "not valid UTF-8"),
        ("briefs.jsonl", b'{"text": "The bridge works start soon."}\n{"text": \n', "briefs.jsonl:2: not valid JSON"),
        ("menu.html", (PAGES / "menu.html").read_bytes(), "the page has no article text"),
        ("slides.pdf", b"%PDF-1.7", "unsupported file type '.pdf'"),
        ("empty.txt", b"  \n", "empty"),
    ],
)
def test_a_bad_upload_names_its_reason_and_adds_nothing(curator: Curator, name: str, data: bytes, reason: str) -> None:
    before = corpus_files(curator)
    with pytest.raises(CorpusEditRefused, match=reason):
        curator.add(drafts_from_file(name, data), actor="cli:mara")
    assert corpus_files(curator) == before


def test_too_big_an_upload_is_refused(curator: Curator) -> None:
    with pytest.raises(CorpusEditRefused, match=r"too large \(1.2 MB; the limit is 1 MB\)"):
        drafts_from_file("long.txt", b"Words and more words. " * 55_000, max_bytes=1_000_000)


def test_a_failed_reindex_takes_the_new_article_back_out_and_the_old_index_serves(curator: Curator) -> None:
    before = corpus_files(curator)

    def disk_full(stage: str, done: int, total: int) -> None:
        if stage == "write":
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        curator.add(drafts_from_file("tide.txt", TIDE_TXT.encode()), actor="cli:mara", progress=disk_full)
    assert corpus_files(curator) == before
    assert all("Port Alder" not in q for q in quotes(curator, "How high was the surge at Port Alder?"))
    (event,) = curator.audit.latest(1)
    assert event.outcome == "failed" and "No space left on device" in event.detail

    seed_id = curator.articles()[0].ref.id
    with pytest.raises(OSError, match="No space left"):
        curator.remove(seed_id, actor="cli:mara", progress=disk_full)
    assert corpus_files(curator) == before  # put back


def test_removing_one_article_of_a_jsonl_file_keeps_the_others(curator: Curator) -> None:
    lines = [
        {"id": "a", "title": "Bridge closed", "text": "The Wren Street bridge will close for eight weeks."},
        {"id": "b", "title": "Ferry fares", "text": "Ferry fares to the Gannet Islands will rise by four percent."},
    ]
    (curator.folder / "briefs.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    curator.reindex("cli:mara")
    curator.remove("briefs.jsonl#a", actor="cli:mara")
    remaining = (curator.folder / "briefs.jsonl").read_text(encoding="utf-8")
    assert '"id": "a"' not in remaining and '"id": "b"' in remaining
    assert {info.ref.id for info in curator.articles()} >= {"briefs.jsonl#b"}
    assert "briefs.jsonl#a" not in {info.ref.id for info in curator.articles()}
    with pytest.raises(CorpusEditRefused, match=re.escape("no article 'briefs.jsonl#a' in the corpus")):
        curator.remove("briefs.jsonl#a", actor="cli:mara")


def test_a_corpus_that_is_one_file_cannot_be_edited(tmp_path: Path, embedder: CountingEncoder) -> None:
    (tmp_path / "all.jsonl").write_text(json.dumps({"text": TIDE_TXT}) + "\n", encoding="utf-8")
    engine = Engine(Settings(corpus=tmp_path / "all.jsonl", index_dir=tmp_path / "index"), encoder=embedder)
    with pytest.raises(CorpusEditRefused, match="not a folder"):
        Curator(engine).add(drafts_from_file("tide.txt", TIDE_TXT.encode()), actor="cli:mara")
