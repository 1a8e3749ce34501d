"""`qabot index`, `qabot ask` and `qabot eval`: build the index, answer, measure."""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from index import Engine, QuestionRejected, Result, StoreUnavailable
from index.answer.evaluate import evaluate, read_questions

from .common import ConfigOpt, CorpusOpt, IndexBusy, IndexOpt, err, out, print_summary, reindex, settings_or_exit


def index_command(
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    full: Annotated[bool, typer.Option("--full", help="Re-embed every article, not only changed ones.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Build the index, or update it: only new or changed articles are embedded."""
    engine = Engine(settings_or_exit(config, corpus=corpus, index_dir=index))
    summary = reindex(engine, full=full, recorded=True)
    assert summary is not None
    print_summary(summary)


def ask_command(
    question: Annotated[str, typer.Argument(help="The question, or - to read one question per line from stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question (stable format).")] = False,
    k: Annotated[int | None, typer.Option("--k", "-k", min=1, max=50, help="Quotes per question.")] = None,
    build: Annotated[
        bool, typer.Option("--build", help="Build the index first when there is none (else that is an error).")
    ] = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Answer with verbatim quotes and their sources."""
    engine = Engine(settings_or_exit(config, corpus=corpus, index_dir=index))
    folder, corpus_path = escape(str(engine.settings.index_dir)), escape(str(engine.settings.corpus))
    if not engine.has_index():
        if not build:  # a mistyped --index must not start a silent build of the whole corpus
            err.print(
                f"[red]No index in {folder}[/] (looked for a published index there).\n"
                f"Build it with: qabot index --corpus {corpus_path} --index {folder}\n"
                "or add --build to this command to build it first."
            )
            raise typer.Exit(2)
        err.print(f"No index in {folder}: building it from {corpus_path}.")
    # Bytes that are not UTF-8 (on stdin or in the argument) become U+FFFD, never a crash.
    questions = (
        (raw.decode("utf-8", "replace").rstrip("\r\n") for raw in sys.stdin.buffer)
        if question == "-"
        else iter([question])
    )
    try:
        summary = reindex(engine, build_only_if_missing=True)
    except IndexBusy:
        if as_json:  # a program still gets one object per question
            for text in questions:
                reply = "The index is being built by another process; try again when it has finished."
                print(
                    json.dumps({"question": text, "abstained": True, "tier": "nothing", "answers": [], "error": reply})
                )
        raise
    if summary is not None:
        print_summary(summary)
    for text in questions:  # one reply per input line, an error object for a blank one
        _reply(engine, text, k, as_json)


def _reply(engine: Engine, text: str, k: int | None, as_json: bool) -> None:
    """Answer one question of `qabot ask` on stdout (a refusal on stderr, or as a JSON error object)."""
    try:
        result = engine.ask(text, k)
    except QuestionRejected as exc:
        if as_json:
            refused = {"question": text, "abstained": True, "tier": "nothing", "answers": [], "error": exc.advice}
            print(json.dumps(refused), flush=True)
        else:
            err.print(f"[yellow]{escape(exc.advice)}[/]")
        return
    except StoreUnavailable as exc:  # the vector store went away between two questions
        err.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(1) from None
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
    else:
        print_result(result)


def floor2(value: float) -> str:
    """Two decimals, rounded down: a value under a threshold never reads as equal to it.

    The epsilon keeps binary fractions whole (0.29 * 100 is 28.999999999999996).
    """
    return f"{math.floor(value * 100 + 1e-9) / 100:.2f}"


def print_result(result: Result) -> None:
    out.print(f"[bold]Q:[/] {escape(result.question)}\n")
    if result.tier == "related":
        out.print("[yellow]Nothing in the corpus answers this.[/] Closest sentences, for reference only:\n")
    elif result.tier == "nothing":
        out.print("[yellow]Nothing in the corpus answers this[/], and nothing in it comes close enough to quote.\n")
    if result.sources_differ:
        out.print(
            f"[yellow]Sources differ:[/] the first {result.sources_differ} quotes, from different articles, "
            "give different figures (newest first where dated).\n"
        )
    for number, answer in enumerate(result.answers, start=1):
        style = "dim" if result.abstained else ""
        out.print(f"{number:>2}. [{style or 'default'}]“{escape(answer.quote)}”[/]")
        judged = "" if answer.answer_probability is None else f" · answers it: {floor2(answer.answer_probability)}"
        out.print(f"    [cyan]— {escape(answer.citation())}[/]  [dim]score {floor2(answer.score)}{judged}[/]")
        for other in answer.also_in:
            where = " · ".join(part for part in (other.source, other.published) if part) or other.path
            out.print(f'    [dim]also in "{escape(other.title)}" ({escape(where)})[/]')
        out.print()


def eval_command(
    questions_file: Annotated[
        Path, typer.Argument(help="JSONL of {id, question, gold: [...]}.", exists=True, dir_okay=False)
    ],
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    misses: Annotated[Path, typer.Option("--misses", help="Where to write the misses (JSONL).")] = Path(
        "eval-misses.jsonl"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Report R@1, R@5, MRR and answer-triggering P/R/F1 of a question set on a corpus."""
    settings = settings_or_exit(config, corpus=corpus)
    if index is None:
        index = settings.index_dir.parent / "eval" / (settings.corpus.resolve().name or "corpus")
    engine = Engine(settings.model_copy(update={"index_dir": index}))
    summary = reindex(engine, build_only_if_missing=False)
    if summary is not None:
        print_summary(summary)
    questions = read_questions(questions_file)
    engine.ask("warm up", 1)  # model and index loaded before timing
    started = time.perf_counter()
    results = engine.ask_batch([q.question for q in questions], k=max(10, settings.top_k))
    seconds = time.perf_counter() - started
    judged = engine.judge is not None
    setting = "answer_threshold" if judged else "first_stage_threshold"
    report = evaluate(questions, results, settings.answer_threshold if judged else settings.first_stage_threshold)
    with misses.open("w", encoding="utf-8") as handle:
        for miss in report.misses:
            handle.write(json.dumps(miss, ensure_ascii=False) + "\n")
    figures = {**report.figures(), "ms_per_question": round(1000 * seconds / max(len(questions), 1), 2)}
    if as_json:
        print(json.dumps(figures))
        return
    matrix = "\n".join(
        f"  {kind:<8}" + "".join(f"{reply}: {count:<6}" for reply, count in row.items())
        for kind, row in report.tiers.items()
        if sum(row.values())
    )
    out.print(
        f"{figures['questions']} questions, {figures['answerable']} answerable "
        f"({'with the answer judge' if judged else 'first stage only, judge = none'})\n"
        f"R@1 {figures['recall_at_1']:.3f}  R@5 {figures['recall_at_5']:.3f}  MRR {figures['mrr']:.3f}\n"
        f"answer triggering at {setting} {report.threshold:.3f}: precision {figures['precision']:.3f}  "
        f"recall {figures['recall']:.3f}  F1 {figures['f1']:.3f}  ({figures['answered']} answered)\n"
        f"right first in the answer tier {figures['right_first_in_answer_tier']:.3f}, in any tier "
        f"{figures['recall_at_1']:.3f}; answered wrongly {figures['answered_wrongly']}; kept out of the answer "
        f"tier: near-topic {figures['near_kept_out']:.2f}, off-topic {figures['off_kept_out']:.2f}\n"
        f"replies by tier (rows: what the question is):\n{matrix}\n"
        f"best threshold on this set: {figures['best_threshold']:.3f} (F1 {figures['best_f1']:.3f}; "
        f"to use it: {setting} = {figures['best_threshold']:.3f} in qabot.toml, or QABOT_{setting.upper()})\n"
        f"{figures['ms_per_question']} ms per question; misses written to {misses}"
    )
