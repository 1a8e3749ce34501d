"""A training run's state, saved so that the same command continues after an interruption."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger("train_judge")


class Checkpoint:
    """A training run's state in one folder, saved atomically: weights, optimizer, schedule,
    step and torch's random state. A run killed at any moment resumes from the last save."""

    FILE = "state.pt"

    def __init__(self, folder: Path, every: int = 100) -> None:
        self.folder = folder
        self.every = max(1, every)

    def save(self, model: Any, optimizer: Any, scheduler: Any, step: int) -> None:
        import torch

        self.folder.mkdir(parents=True, exist_ok=True)
        state = {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "step": step,
            "rng": torch.get_rng_state(),
        }
        partial = self.folder / (self.FILE + ".tmp")
        torch.save(state, partial)
        os.replace(partial, self.folder / self.FILE)
        log.info("checkpoint at step %d in %s", step, self.folder)

    def resume(self, model: Any, optimizer: Any, scheduler: Any) -> int:
        """Load the saved state into the three; the step it was saved at (0: nothing saved)."""
        import torch

        path = self.folder / self.FILE
        if not path.is_file():
            return 0
        state = torch.load(path, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        torch.set_rng_state(state["rng"])
        log.info("resuming at step %d from %s", state["step"], path)
        return int(state["step"])
