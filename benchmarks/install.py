"""The README's set-up commands on every Python pyenv has here, each in a fresh clone and venv.

    python -m benchmarks.install [--pythons 3.10,3.11,3.12,3.13] [--out benchmarks/results/install.md]

For each version: a clone of this checkout's HEAD, then the README's first command verbatim
(`.ci/readme_command.py 1`) with that version first on PATH and the pip its venv ships; the
time until it printed the answer, and whether the answer names Ash Shaddadi; then the README's
second command's install with a test subset instead of the whole suite (`SUBSET`). Writes a
Markdown table (the README quotes it) and prints it. Not run by CI: it downloads, and on
Pythons other than 3.11 PyPI's torch 2.13.0 is a CUDA build of several GB.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
SUBSET = ["tests/index/test_search.py", "tests/index/test_cli.py", "tests/bot/test_deploy.py"]


def _python(version: str) -> Path | None:
    found = sorted(PYENV.glob(f"{version}.*"), key=lambda p: [int(x) for x in re.findall(r"\d+", p.name)])
    return found[-1] / "bin" if found else None


def _sh(command: str, cwd: Path, path: Path, timeout: float) -> tuple[int, str, float]:
    env = {**os.environ, "PATH": f"{path}:{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    started = time.perf_counter()
    try:
        run = subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return 124, output, time.perf_counter() - started
    return run.returncode, run.stdout + run.stderr, time.perf_counter() - started


def try_version(version: str, work: Path, logs: Path) -> dict[str, str]:
    row = {"python": version, "pip": "", "install and answer": "", "answer": "", "test subset": ""}
    bin_dir = _python(version)
    if bin_dir is None:
        row["install and answer"] = "not installed here"
        return row
    clone = work / f"py{version}"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    first = subprocess.run(
        ["python3", ".ci/readme_command.py", "1"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout.strip()
    code, output, seconds = _sh(first, clone, bin_dir, timeout=3600)
    pip = subprocess.run([str(clone / ".venv/bin/pip"), "--version"], capture_output=True, text=True, check=False)
    row["pip"] = pip.stdout.split()[1] if pip.returncode == 0 else "?"
    row["install and answer"] = f"{seconds:.0f} s" if code == 0 else f"failed (exit {code}) after {seconds:.0f} s"
    row["answer"] = "Ash Shaddadi first" if "Ash Shaddadi" in output else "no answer"
    if code != 0:
        (logs / f"install-py{version}.log").write_text(output)
        return row
    install = ". .venv/bin/activate && pip install -c requirements.lock -e '.[test]'"
    tests = f"{install} && python -m pytest -q {' '.join(SUBSET)}"
    code, output, seconds = _sh(tests, clone, bin_dir, timeout=3600)
    summary = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    row["test subset"] = (summary[-1].strip("= ") if summary else f"exit {code}") + f" ({seconds:.0f} s)"
    if code != 0:
        (logs / f"install-py{version}.log").write_text(output)
    shutil.rmtree(clone, ignore_errors=True)  # several GB with a CUDA torch
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pythons", default="3.10,3.11,3.12,3.13")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "install.md")
    args = parser.parse_args()
    head = ["git", "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(head, cwd=REPO, capture_output=True, text=True, check=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="qabot-install-") as tmp:
        for version in args.pythons.split(","):
            rows.append(try_version(version.strip(), Path(tmp), args.out.parent))
            print(rows[-1], flush=True)
    columns = list(rows[0])
    lines = [
        f"Made by `python -m benchmarks.install` on {datetime.date.today()} at {commit.stdout.strip()} "
        "(2 cores; the pip each venv ships, never upgraded).",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(row[key] for key in columns) + " |" for row in rows),
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
