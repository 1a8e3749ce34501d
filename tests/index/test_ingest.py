"""Reading the corpus: every format, and broken files skipped with their names."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from index import load_corpus, segment_article
from tests.support.paths import PAGES, SEED_FILE


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_seed_article_sentences_are_the_seed_file_unchanged(tmp_path: Path) -> None:
    seed_text = Path(__file__).parents[3] / "shared" / "seed" / "article.txt"
    scan = load_corpus(SEED_FILE.parent)
    [article] = scan.articles
    assert article.title == "Coalition missile strikes on ISIS in Syria"
    assert article.source is None and article.published is None  # not invented
    sentences = segment_article(article)
    assert len(sentences) == 17
    if seed_text.exists():  # ../shared beside the checkout, as in CI
        assert article.text.strip() == seed_text.read_text(encoding="utf-8").strip()
    for sentence in sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text


def test_reads_txt_markdown_front_matter_and_jsonl(tmp_path: Path) -> None:
    write(tmp_path / "plain-note.txt", "Rain fell in Paris. The Seine rose by a metre.\n")
    write(
        tmp_path / "story.md",
        "---\ntitle: Flood report\noutlet: Le Monde\nurl: https://example.org/flood\n"
        "published: 2024-01-02\nauthor: A. Writer\nsection: weather\n---\n\nThe river peaked on Sunday.\n",
    )
    lines = [
        {"id": "a1", "title": "First", "source": "Wire", "text": "Alpha happened. Beta followed.", "tags": ["x"]},
        {"title": "Second", "text": "Gamma was seen."},
    ]
    write(tmp_path / "bulk.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    scan = load_corpus(tmp_path)
    by_id = {a.id: a for a in scan.articles}
    assert scan.skipped == []
    assert set(by_id) == {"plain-note.txt", "story.md", "bulk.jsonl#a1", "bulk.jsonl#2"}
    assert by_id["plain-note.txt"].title == "Plain note"
    story = by_id["story.md"]
    assert (story.title, story.source, story.url, story.published, story.author) == (
        "Flood report",
        "Le Monde",
        "https://example.org/flood",
        "2024-01-02",
        "A. Writer",
    )
    assert story.extra == {"section": "weather"}  # unknown fields are kept
    assert by_id["bulk.jsonl#a1"].extra == {"tags": ["x"]}
    assert [s.text for s in segment_article(by_id["bulk.jsonl#a1"])] == ["Alpha happened.", "Beta followed."]


def test_broken_files_are_skipped_and_named_the_rest_is_read(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "A good sentence stays.")
    write(tmp_path / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "latin1.txt", "Caf\xe9 cr\xe8me.".encode("latin-1"))
    write(tmp_path / "broken.md", "---\ntitle: [unclosed\n---\nBody text.")
    write(tmp_path / "empty.md", "---\ntitle: Nothing\n---\n\n   \n")
    write(tmp_path / "blank.txt", "")
    write(tmp_path / "utf16.txt", codecs.BOM_UTF16_LE + "Text in UTF-16 reads fine.".encode("utf-16-le"))
    write(tmp_path / "mixed.jsonl", '{"title": "ok", "text": "Kept line."}\n{not json\n{"title": "no text"}\n')
    write(tmp_path / "slides.pdf", b"%PDF-1.4")
    outside = write(tmp_path.parent / "outside-secret.txt", "Secret outside the corpus.")
    (tmp_path / "link.txt").symlink_to(outside)

    scan = load_corpus(tmp_path)
    reasons = {s.path: s.reason for s in scan.skipped}
    assert {a.id for a in scan.articles} == {"good.txt", "utf16.txt", "mixed.jsonl#1"}
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"] and "0xe9" in reasons["latin1.txt"]
    assert "front matter" in reasons["broken.md"]
    assert "empty" in reasons["empty.md"] and "empty" in reasons["blank.txt"]
    assert "JSON" in reasons["mixed.jsonl:2"]
    assert "text" in reasons["mixed.jsonl:3"]
    assert "unsupported" in reasons["slides.pdf"]
    assert "outside the corpus" in reasons["link.txt"]


def test_oversized_file_is_skipped_with_its_size(tmp_path: Path) -> None:
    write(tmp_path / "big.txt", "word " * 50_000)
    scan = load_corpus(tmp_path, max_article_bytes=100_000)
    assert scan.articles == []
    assert "too large" in scan.skipped[0].reason


def test_offsets_give_verbatim_quotes_across_paragraphs_and_abbreviations(tmp_path: Path) -> None:
    text = '# Heading line\n\nMr. Smith went to Washington D.C. on Jan. 5.  He said "hi."\r\nThen he left!\n'
    write(tmp_path / "a.txt", text)
    [article] = load_corpus(tmp_path).articles
    sentences = segment_article(article)
    assert [s.text for s in sentences][:2] == ["# Heading line", "Mr. Smith went to Washington D.C. on Jan. 5."]
    assert all(article.text[s.start : s.end] == s.text for s in sentences)
    assert [s.position for s in sentences] == list(range(len(sentences)))


def test_a_date_range_is_the_date_when_it_is_all_there_is(tmp_path: Path) -> None:
    """A corpus that knows only "2004-2005" still dates its quotes; a null date is no date."""
    records = [
        {"id": "a", "title": "Ranged", "text": "One sentence.", "published": None, "published_range": "2004-2005"},
        {
            "id": "b",
            "title": "Dated",
            "text": "Another sentence.",
            "date": "2005-03-01",
            "published_range": "2004-2005",
        },
        {"id": "c", "title": "Undated", "text": "A third sentence.", "published": None},
    ]
    (tmp_path / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    dates = {a.id.split("#")[1]: a.published for a in load_corpus(tmp_path).articles}
    assert dates == {"a": "2004-2005", "b": "2005-03-01", "c": None}


def test_saved_web_pages_are_read_for_their_article_and_a_page_without_one_is_named(tmp_path: Path) -> None:
    write(tmp_path / "harbour.html", (PAGES / "harbour.html").read_bytes())
    write(tmp_path / "sections.htm", (PAGES / "menu.html").read_bytes())
    scan = load_corpus(tmp_path)
    [article] = scan.articles
    assert (article.id, article.title, article.source, article.published, article.author) == (
        "harbour.html",
        "Kestrel Bay harbour reopens after nine-day closure",
        "The Coastal Ledger",
        "2026-03-14",
        "Mara Quinn",
    )
    assert article.text.startswith("The harbour at Kestrel Bay reopened to shipping on Tuesday")
    assert "Subscribe today" not in article.text and "Most read" not in article.text
    assert [str(s) for s in scan.skipped] == [
        "sections.htm: the page has no article text (nothing left once menus and boilerplate were removed)"
    ]
