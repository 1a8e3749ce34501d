"""Indexing news at the model's speed: the whole pipeline against a raw encode, in one run.

For each corpus (newsqa-dev's 288 CNN articles and the 2,127 BBC articles by default), in
fresh processes, model load included, one after another:

- pipeline: `qabot index --full` (the ONNX model already exported, as after a first run);
- raw, same backend: the project's exported ONNX model, plain `SentenceTransformer.encode`
  of the same texts the pipeline embeds (every sentence, and each article's title once),
  default batch size;
- raw, same file without torch: the same ONNX file through qabot's own runtime
  (`index/encode/onnx_model.py`, what the pipeline embeds with), the same texts, batches of 32;
- raw, torch: the packaged model on torch, the same texts;
- raw, torch, "Title: sentence": what the index embedded before title vectors were mixed in.

Each row gives wall time, sentences/s and the process's peak resident memory; with
`--repeat N` the measurements run round-robin N times and each row gives the median, and each
ratio the median of the rounds' ratios (the machine is shared: one raw encode took 66.5 s in
one run and 76.7 s in the next). Then, in a
1,000-article corpus served by a running engine: the time from one new article written to
the corpus folder to the first answer that quotes it (reindex + ask), and the reindex of one
changed article. Run: `python -m benchmarks.indexing` (about 45 minutes on 2 slow cores).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
CORPORA = {"newsqa-dev": EVAL / "newsqa-dev" / "articles.jsonl", "bbc-news": EVAL / "bbc-news" / "articles.jsonl"}
NEWS = REPO / "tests" / "data" / "news"
ROWS: list[tuple[str, str]] = []


def row(name: str, value: str) -> None:
    ROWS.append((name, value))
    print(f"{name:<78} {value}", flush=True)


# --- children: each measurement runs alone in a fresh process -----------------------------


def child(kind: str, corpus: Path, work: Path) -> None:
    """Do one measurement's work in this process; print its peak memory as JSON."""
    if kind == "pipeline":
        from qabot.cli import app

        app(["index", "--full", "--corpus", str(corpus), "--index", str(work / "index")], standalone_mode=False)
    elif kind == "onnx-runtime":  # no torch in this process, as in the pipeline
        from index.encode.embed import _session_options
        from index.encode.onnx_model import OnnxSentenceModel

        texts = json.loads((work / "texts.json").read_text())
        exported = next((work / "index" / "models").glob("onnx-*"))
        file_name = json.loads((exported / "qabot-verified.json").read_text())["file_name"]
        OnnxSentenceModel.load(exported, file_name, _session_options()).encode(texts, 32)
    else:
        from sentence_transformers import SentenceTransformer

        texts = json.loads((work / ("prefixed.json" if kind == "torch-prefixed" else "texts.json")).read_text())
        if kind == "onnx":
            exported = next((work / "index" / "models").glob("onnx-*"))  # the file the project loads
            file_name = json.loads((exported / "qabot-verified.json").read_text())["file_name"]
            model = SentenceTransformer(str(exported), backend="onnx", model_kwargs={"file_name": file_name})
        else:
            from index.encode.embed import packaged_model_path

            model = SentenceTransformer(packaged_model_path())
        model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
    print(json.dumps({"peak_mb": peak_mb()}))


def peak_mb() -> float:
    """This process's peak resident memory. Not `ru_maxrss`: on Linux it survives `exec`, so a
    child would report its parent's peak; `VmHWM` belongs to the address space `exec` made."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


def measure(kind: str, corpus: Path, work: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one child, process start to exit."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.indexing", "--child", kind, "--corpus", str(corpus), "--work", str(work)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    seconds = time.perf_counter() - started
    return seconds, json.loads(done.stdout.strip().splitlines()[-1])["peak_mb"]


# --- the parent -------------------------------------------------------------------------------


def export_model(work: Path) -> None:
    """Export the ONNX model into `work`'s index folder, as a first `qabot index` does."""
    from index import Embedder

    Embedder(backend="onnx", cache_dir=work / "index" / "models").encode(["export the model once"])


def prepare(corpus: Path, work: Path) -> int:
    """Export the model into the index folder and write the texts the raw encodes embed."""
    from index.ingest.files import load_corpus
    from index.store.build import segment_article

    export_model(work)
    articles = load_corpus(corpus).articles
    pairs = [(a, s) for a in articles for s in segment_article(a)]
    texts = [a.title for a in articles] + [s.text for _, s in pairs]
    (work / "texts.json").write_text(json.dumps(texts))
    (work / "prefixed.json").write_text(json.dumps([f"{a.title}: {s.text}" for a, s in pairs]))
    return len(pairs)


def full_index(name: str, corpus: Path, root: Path, kinds: list[str], repeat: int) -> None:
    work = root / name
    work.mkdir()
    sentences = prepare(corpus, work)
    rounds = [{kind: measure(kind, corpus, work) for kind in kinds} for _ in range(repeat)]
    labels = {
        "pipeline": "qabot index --full (ONNX)",
        "onnx": "raw encode, same backend (ONNX) through sentence-transformers, same texts",
        "onnx-runtime": "raw encode, same ONNX file through qabot's runtime (no torch), same texts",
        "torch": "raw encode, torch, same texts",
        "torch-prefixed": 'raw encode, torch, "Title: sentence" (the old embedded text)',
    }
    several = f" (median of {repeat})" if repeat > 1 else ""
    for kind in kinds:
        seconds = statistics.median(r[kind][0] for r in rounds)
        peak = max(r[kind][1] for r in rounds)
        row(
            f"{name} ({sentences} sentences): {labels[kind]}{several}",
            f"{seconds:.1f} s, {sentences / seconds:.0f} sentences/s, peak {peak:.0f} MB",
        )
    for kind in kinds[1:]:
        ratios = [r[kind][0] / r["pipeline"][0] for r in rounds]
        spread = f" (rounds: {', '.join(f'{x:.2f}' for x in ratios)})" if repeat > 1 else ""
        row(f"{name}: pipeline speed / {labels[kind]}", f"{statistics.median(ratios):.2f}x{spread}")
    shutil.rmtree(work)


def unpunctuated(root: Path) -> None:
    """A 1 MB text file of words with no sentence punctuation: segmentation alone, then `qabot index`."""
    from index.ingest.segment import split_sentences

    words = ("river council budget minister report water north harbour " * 20_000)[:1_000_000]
    started = time.perf_counter()
    pieces = split_sentences(words)
    row(
        "1 MB of words without sentence punctuation: segmentation",
        f"{time.perf_counter() - started:.2f} s, {len(pieces)} pieces",
    )
    corpus = root / "unpunctuated"
    corpus.mkdir()
    (corpus / "words.txt").write_text(words, encoding="utf-8")
    export_model(root / "unpunctuated-work")
    seconds, peak = measure("pipeline", corpus, root / "unpunctuated-work")
    row("   qabot index --full of it (model load included)", f"{seconds:.1f} s, peak {peak:.0f} MB")


def new_article_to_answer(root: Path, articles: int = 1000) -> None:
    """A running engine over 1,000 articles; one new article, then a question about it."""
    from index import Engine, Settings

    source = [json.loads(line) for line in CORPORA["bbc-news"].open(encoding="utf-8")][:articles]
    corpus = root / "thousand"
    corpus.mkdir()
    for n, article in enumerate(source):
        (corpus / f"a{n:04d}.txt").write_text(f"{article['title']}\n\n{article['text']}\n", encoding="utf-8")
    engine = Engine(Settings(corpus=corpus, index_dir=root / "thousand-index"))
    first = engine.reindex()
    row(
        f"full index of {articles} BBC articles (in a running engine)",
        f"{first.sentences_total} sentences, {first.seconds:.1f} s",
    )
    engine.ask("warm the judge and the searcher up")
    question = "How much did the Marlow Bay barrier cost?"
    assert not any("Marlow" in (a.article.title or "") for a in engine.ask(question).answers)
    started = time.perf_counter()
    shutil.copy(NEWS / "marlow-bay-barrier.md", corpus / "marlow-bay-barrier.md")
    summary = engine.reindex()
    answer = engine.ask(question)
    seconds = time.perf_counter() - started
    quoted = answer.answers[0].article.title if answer.answers else "nothing"
    row(
        f"new article to its first answer, {articles}-article corpus (reindex + ask)",
        f"{seconds:.2f} s (quoted: {quoted})",
    )
    row("   of which the reindex", f"{summary.seconds:.2f} s, {summary.sentences_embedded} sentences embedded")
    times = []
    for attempt in range(3):
        path = corpus / f"a{attempt * 7:04d}.txt"
        path.write_text(path.read_text(encoding="utf-8") + f"\nA correction was added, version {attempt}.\n")
        times.append(engine.reindex().seconds)
    row(f"one changed article among {articles + 1}: reindex (median of 3)", f"{statistics.median(times):.2f} s")
    engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=sorted(CORPORA), action="append", help="measure only this corpus")
    parser.add_argument("--skip-new-article", action="store_true")
    parser.add_argument("--only-new-article", action="store_true", help="only the 1,000-article measurements")
    parser.add_argument("--repeat", type=int, default=1, help="round-robin rounds of the full-index measurements")
    parser.add_argument("--no-prefixed", action="store_true", help='skip the "Title: sentence" torch row')
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus, args.work)
        return
    print(
        f"qabot indexing benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in [] if args.only_new_article else args.only or list(CORPORA):
            kinds = ["pipeline", "onnx", "onnx-runtime", "torch"]
            if name == "newsqa-dev" and not args.no_prefixed:
                kinds.append("torch-prefixed")
            full_index(name, CORPORA[name], root, kinds, max(args.repeat, 1))
        if not args.only_new_article:
            unpunctuated(root)
        if not args.skip_new_article:
            new_article_to_answer(root)
    print("\n| measure | value |\n|---|---|")
    for name, value in ROWS:
        print(f"| {name.strip()} | {value} |")


if __name__ == "__main__":
    main()
