"""A damaged index is named, set aside and rebuilt, never served: the corruption matrix."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from index import Engine, Settings
from index.store import versions as store
from tests.support.cli import qabot
from tests.support.encoders import HashEncoder

SENTENCE = "Harbour {a} recorded {s} ships arriving before noon."


def make_corpus(folder: Path, articles: int = 6) -> set[str]:
    folder.mkdir(parents=True, exist_ok=True)
    sentences = set()
    for a in range(articles):
        lines = [SENTENCE.format(a=a, s=s) for s in range(10)]
        sentences.update(lines)
        (folder / f"harbour-{a}.txt").write_text(" ".join(lines), encoding="utf-8")
    return sentences


def flip(offset_fraction: float, width: int = 64) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        start = int(len(data) * offset_fraction)
        for i in range(start, min(start + width, len(data))):
            data[i] ^= 0xFF
        path.write_bytes(bytes(data))

    return damage


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: max(len(path.read_bytes()) // 2, 1)])


def zero(path: Path) -> None:
    path.write_bytes(b"\0" * len(path.read_bytes()))


def delete(path: Path) -> None:
    path.unlink()


def alter_text(path: Path) -> None:
    """A sentence's text changed in place, same length: the file still opens and reads."""
    data = path.read_bytes()
    assert b"recorded 3 ships" in data
    path.write_bytes(data.replace(b"recorded 3 ships", b"recorded 8 ships"))


DAMAGE = {
    "vectors truncated": ("vectors.faiss", truncate),
    "vectors zeroed": ("vectors.faiss", zero),
    "vectors bit-flipped early": ("vectors.faiss", flip(0.1)),
    "vectors bit-flipped late": ("vectors.faiss", flip(0.9)),
    "vectors deleted": ("vectors.faiss", delete),
    "metadata truncated": ("meta.sqlite", truncate),
    "metadata page scrambled": ("meta.sqlite", flip(0.5, width=4096)),
    "metadata text altered": ("meta.sqlite", alter_text),
    "metadata deleted": ("meta.sqlite", delete),
    "lexical ids bit-flipped": ("lexical/sentence_ids.npy", flip(0.9, width=8)),
    "lexical frequencies deleted": ("lexical/document_frequency.json", delete),
    "manifest garbled": ("manifest.json", flip(0.3, width=16)),
}


def settings(tmp_path: Path) -> Settings:
    return Settings(corpus=tmp_path / "corpus", index_dir=tmp_path / "index", title_weight=0, judge="none")


@pytest.mark.parametrize("case", list(DAMAGE))
def test_every_kind_of_damage_is_named_set_aside_and_rebuilt(
    case: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sentences = make_corpus(tmp_path / "corpus")
    Engine(settings(tmp_path), encoder=HashEncoder()).reindex()
    version = store.IndexStore(tmp_path / "index").current()
    assert version is not None
    name, damage = DAMAGE[case]
    damage(version / name)

    caplog.set_level(logging.ERROR)
    engine = Engine(settings(tmp_path), encoder=HashEncoder())
    summary = engine.load()  # a new process starting on the damaged index
    assert summary is not None and summary.sentences_total == 60  # rebuilt from the corpus
    assert any(version.name in r.getMessage() for r in caplog.records)  # named in the log
    assert (version.parent / f"{version.name}.corrupt").is_dir()  # set aside for a person to look at
    for question in ("Harbour 2 recorded 3 ships arriving before noon.", "Harbour 4 recorded 8 ships"):
        for answer in engine.ask(question, k=5).answers:
            assert answer.quote in sentences  # never a quote from the damaged version
    assert engine.ask("Harbour 2 recorded 3 ships arriving before noon.").answers[0].quote == SENTENCE.format(a=2, s=3)


def test_the_previous_intact_version_serves_while_the_damaged_one_is_set_aside(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus")
    engine = Engine(settings(tmp_path), encoder=HashEncoder())
    engine.reindex()
    first = store.IndexStore(tmp_path / "index").current()
    (tmp_path / "corpus" / "harbour-9.txt").write_text("Harbour 9 was closed for the storm.", encoding="utf-8")
    engine.reindex()
    second = store.IndexStore(tmp_path / "index").current()
    assert first is not None and second is not None and first != second
    flip(0.5)(second / "vectors.faiss")
    assert store.IndexStore(tmp_path / "index").set_aside(second) == first
    assert store.IndexStore(tmp_path / "index").current() == first


def test_qabot_index_and_ask_rebuild_a_damaged_index_and_say_so(tmp_path: Path, seed_corpus: Path) -> None:
    args = ("--corpus", str(seed_corpus), "--index", str(tmp_path / "ix"))
    assert qabot("index", *args, cwd=tmp_path, env={"QABOT_JUDGE": "none"}).returncode == 0
    version = store.IndexStore(tmp_path / "ix").current()
    assert version is not None
    flip(0.5, width=4096)(version / "meta.sqlite")  # a scrambled SQLite page

    ask = qabot(
        "ask", "--json", "Who vowed to retaliate against ISIS?", *args, cwd=tmp_path, env={"QABOT_JUDGE": "none"}
    )
    assert ask.returncode == 0 and "Traceback" not in ask.stderr
    assert "meta.sqlite" in ask.stderr and "rebuilding" in ask.stderr
    assert json.loads(ask.stdout)["answers"][0]["quote"].startswith("Previously, President Donald Trump")

    rebuilt = store.IndexStore(tmp_path / "ix").current()
    assert rebuilt is not None
    truncate(rebuilt / "vectors.faiss")
    index = qabot("index", *args, cwd=tmp_path, env={"QABOT_JUDGE": "none"})
    assert index.returncode == 0 and "Traceback" not in index.stderr
    assert "vectors.faiss" in index.stderr and "17 sentences embedded" in " ".join(index.stderr.split())


def test_an_index_folder_that_cannot_be_written_ends_in_one_clear_message(tmp_path: Path, seed_corpus: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the index folder should be", encoding="utf-8")
    run = qabot(
        "index", "--corpus", str(seed_corpus), "--index", str(blocked), cwd=tmp_path, env={"QABOT_JUDGE": "none"}
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"Could not write the index in {blocked}" in " ".join(run.stderr.split())


def test_leftovers_of_a_failed_build_go_even_when_nothing_changed(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus")
    engine = Engine(settings(tmp_path), encoder=HashEncoder())
    engine.reindex()
    leftover = tmp_path / "index" / "v1.building"
    leftover.mkdir()
    assert engine.reindex().sentences_embedded == 0  # nothing changed...
    assert not leftover.exists()  # ...and the leftover is gone


def test_a_nul_byte_anywhere_in_a_file_marks_it_binary(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus", articles=1)
    (tmp_path / "corpus" / "late-nul.txt").write_text("A long text. " * 1000 + "Then\0 a NUL.", encoding="utf-8")
    summary = Engine(settings(tmp_path), encoder=HashEncoder()).reindex()
    assert [s.path for s in summary.skipped] == ["late-nul.txt"]
    assert "binary" in summary.skipped[0].reason


def test_ask_json_during_someone_elses_first_build_still_prints_json(tmp_path: Path, seed_corpus: Path) -> None:
    index_dir = tmp_path / "ix"
    with store.IndexStore(index_dir).lock():  # another process is building the very first index
        run = qabot("ask", "--json", "--build", "Who vowed to retaliate?", "--corpus", str(seed_corpus),
                    "--index", str(index_dir), cwd=tmp_path)  # fmt: skip
    assert run.returncode == 1 and "Traceback" not in run.stderr
    reply = json.loads(run.stdout)
    assert reply["question"] == "Who vowed to retaliate?" and reply["tier"] == "nothing" and reply["answers"] == []
    assert "being built" in reply["error"]


def test_a_sentence_damaged_while_serving_is_never_quoted(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Defence in depth: after the load-time checks passed, the text changes under the running engine."""
    make_corpus(tmp_path / "corpus")
    engine = Engine(settings(tmp_path), encoder=HashEncoder())
    engine.load()
    question = "Harbour 2 recorded 3 ships arriving before noon."
    target = engine.ask(question).answers[0]
    assert target.quote == question
    version = store.IndexStore(tmp_path / "index").current()
    assert version is not None
    with sqlite3.connect(version / "meta.sqlite") as db:  # the file changes under the serving engine
        db.execute("UPDATE sentences SET text = ? WHERE id = ?", ("Harbour 2 recorded 8 ships.", target.sentence_id))
    caplog.set_level(logging.ERROR)
    quotes = [a.quote for a in engine.ask(question, k=5).answers]
    assert "Harbour 2 recorded 8 ships." not in quotes and quotes  # other, intact sentences still answer
    assert engine.answer_for(target.sentence_id) is None  # Show context refuses it too
    assert any("index damaged" in r.getMessage() for r in caplog.records)


def test_leftovers_are_cleaned_at_start_unless_a_build_is_running(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus")
    Engine(settings(tmp_path), encoder=HashEncoder()).reindex()
    leftover = tmp_path / "index" / "v2.building"
    leftover.mkdir()
    with store.IndexStore(tmp_path / "index").lock():  # another process is building: keep its folder
        Engine(settings(tmp_path), encoder=HashEncoder()).load()
        assert leftover.is_dir()
    Engine(settings(tmp_path), encoder=HashEncoder()).load()  # the next start, nobody building
    assert not leftover.exists()
