"""How long a user waits for `qabot ask`: process start to the printed answer, index already built.

    python -m benchmarks.first_answer [--repeat 5]

The repository's `corpus/` is indexed once into a temporary folder (which also exports the ONNX
model, as a first `qabot index` does); then `qabot ask` runs as a fresh process, round-robin,
with the default ONNX backend (no torch imported) and with `QABOT_BACKEND=torch`, with the
answer judge (the default) and with `QABOT_JUDGE=none`. Each row is the median wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUESTION = "Where were the missile strikes launched from?"
QABOT = [sys.executable, "-m", "qabot.cli"]


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(QABOT + args, cwd=REPO, env={**os.environ, **env}, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(
        f"qabot first-answer benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        flush=True,
    )
    variants = {
        "onnx (default), judge": {},
        "onnx (default), judge = none": {"QABOT_JUDGE": "none"},
        "torch, judge": {"QABOT_BACKEND": "torch"},
        "torch, judge = none": {"QABOT_BACKEND": "torch", "QABOT_JUDGE": "none"},
    }
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        base = {"HF_HUB_OFFLINE": "1"}
        run(["index", "--corpus", str(REPO / "corpus"), "--index", str(index)], base)
        ask = ["ask", "--corpus", str(REPO / "corpus"), "--index", str(index), QUESTION]
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(max(args.repeat, 1)):
            for name, env in variants.items():
                times[name].append(run(ask, {**base, **env}))
    print("\n| `qabot ask`, process start to answer (median) | seconds |\n|---|---|")
    for name, seconds in times.items():
        spread = f"{min(seconds):.2f}-{max(seconds):.2f}"
        print(f"| {name} | {statistics.median(seconds):.2f} (of {len(seconds)}: {spread}) |")


if __name__ == "__main__":
    main()
