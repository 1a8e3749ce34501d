"""`qabot eval` figures checked against values worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import qabot

ARTICLES = [
    {"id": "etna", "title": "Etna", "text": "Mount Etna erupted on Tuesday. Ash closed the Catania airport."},
    {"id": "chess", "title": "Chess final", "text": "The chess final lasted six hours. The champion kept her title."},
    {"id": "danube", "title": "Danube", "text": "The Danube flows through ten countries. It ends in the Black Sea."},
]
QUESTIONS = [
    # Three answerable questions whose gold sentence is the obvious top quote...
    {"id": "q1", "question": "Which airport did the Etna ash close?", "gold": ["Ash closed the Catania airport."]},
    {"id": "q2", "question": "How long did the chess final last?", "gold": ["The chess final lasted six hours."]},
    {
        "id": "q3",
        "question": "How many countries does the Danube flow through?",
        "gold": ["The Danube flows through ten countries."],
    },
    # ...one whose gold is nowhere in the corpus: answered, but never correct...
    {"id": "q4", "question": "When did Mount Etna erupt?", "gold": ["Etna erupted in 1669."]},
    # ...and two with no answer, which must be abstained on.
    {"id": "q5", "question": "How do I bake sourdough bread?", "gold": []},
    {"id": "q6", "question": "Who painted the Mona Lisa?", "gold": []},
]


def test_eval_figures_match_hand_computation(tmp_path: Path) -> None:
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in QUESTIONS), encoding="utf-8")
    misses = tmp_path / "misses.jsonl"

    run = qabot(
        "eval",
        str(questions),
        "--corpus",
        str(corpus),
        "--index",
        str(tmp_path / "ix"),
        "--misses",
        str(misses),
        "--json",
        cwd=tmp_path,
        env={"QABOT_JUDGE": "none"},  # the first stage's figures, worked out by hand below
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)

    # Answerable: q1-q4. Correct first: q1, q2, q3; q4 never correct (reciprocal rank 0).
    assert figures["answerable"] == 4
    assert figures["recall_at_1"] == 0.75 and figures["recall_at_5"] == 0.75 and figures["mrr"] == 0.75
    # Answered: q1-q4 (on topic), abstained: q5, q6. Right among answered: 3 of 4; of answerable: 3 of 4.
    assert figures["answered"] == 4 and figures["answered_correctly"] == 3
    assert figures["precision"] == 0.75 and figures["recall"] == 0.75 and figures["f1"] == 0.75
    assert [json.loads(line)["id"] for line in misses.read_text().splitlines()] == ["q4"]
    # The tier confusion matrix: q1-q3 answered right, q4 answered wrongly; q5 and q6 kept out.
    assert figures["tiers"]["factual"] == {"answer, right": 3, "answer, wrong": 1, "related": 0, "nothing": 0}
    assert figures["tiers"]["off"]["answer, right"] + figures["tiers"]["off"]["answer, wrong"] == 0
    assert figures["right_first_in_answer_tier"] == 0.75 and figures["answered_wrongly"] == 1
    assert figures["off_kept_out"] == 1.0
