"""The PNG plots the benchmarks draw for the docs (matplotlib, from the `bench` extra)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def axes(path: Path, size: tuple[float, float] = (7, 4.5), **labels: Any) -> Iterator[Any]:
    """Axes to draw on, written to `path` (its folder made) with a legend when the block ends;
    `labels`: what `Axes.set` takes (xlabel, ylabel, title, limits, scales)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=size)
    try:
        yield ax
        ax.set(**labels)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)
