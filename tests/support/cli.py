"""Run `qabot` as a user does: a real process, this checkout on its path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .paths import REPO


def qabot(
    *args: str, stdin: str | None = None, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m qabot ARGS` in `cwd`; `env` adds to the environment (settings such as QABOT_JUDGE)."""
    return subprocess.run(
        [sys.executable, "-m", "qabot", *args],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )
