"""Which installed distributions each of qabot's jobs imports: answering from an existing index,
indexing (with the one-time model export), and training.

    python -m benchmarks.dependencies

Each job runs in a fresh interpreter; afterwards every module in `sys.modules` is mapped to the
distribution that installed it. Prints one Markdown table (docs quote it).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROLOGUE = """
import json, sys
from importlib.metadata import packages_distributions
from pathlib import Path
work = Path(sys.argv[1])
"""
EPILOGUE = """
owners = packages_distributions()
used = sorted({d for m in list(sys.modules) for d in owners.get(m.split('.')[0], [])} - {'qabot'})
print(json.dumps(used))
"""
JOBS = {
    "index (first run: export the model, embed, write)": """
from index import Engine, Settings
settings = Settings(corpus=Path('corpus').resolve(), index_dir=work / 'ix')
with Engine(settings) as engine:
    engine.load()
""",
    "answer from an existing index": """
from index import Engine, Settings
settings = Settings(corpus=Path('corpus').resolve(), index_dir=work / 'ix')
with Engine(settings) as engine:
    engine.load(build_if_missing=False)
    assert 'Ash Shaddadi' in engine.ask('Where were the missile strikes launched from?').answers[0].quote
""",
    "train (judge and first stage, imports only)": """
import training.train_judge, training.train_first_stage, training.transfer
import torch, transformers, sentence_transformers, onnx, onnxruntime.quantization
from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
""",
}


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="qabot-deps-") as work:
        for job, code in JOBS.items():
            run = subprocess.run(
                [sys.executable, "-c", PROLOGUE + code + EPILOGUE, work],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode != 0:  # e.g. the train extra is not installed in this environment
                rows.append((job, [f"failed: {run.stderr.strip().splitlines()[-1]}"]))
                continue
            rows.append((job, json.loads(run.stdout.splitlines()[-1])))
    print("| job | distributions imported |")
    print("|---|---|")
    for job, used in rows:
        print(f"| {job} ({len(used)}) | {', '.join(used)} |")


if __name__ == "__main__":
    main()
