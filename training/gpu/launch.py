"""Run a module of this repository on a machine that lacks the index's dependencies (faiss, ...).

    python3 training/gpu/launch.py training.train_judge --train-dir ... --out ...

`index` becomes a bare package, so `index/__init__.py` (which imports the whole library) is
skipped and only the submodules the training code imports load: `index.encode.embed`, `index.answer.judge`,
`index.ingest.segment` (needs pysbd) and `index.encode.encoder`. The lent GPU machines have torch and
transformers but none of the index's own dependencies.
"""

import runpy
import sys
import types
from pathlib import Path

package = types.ModuleType("index")
package.__path__ = [str(Path(__file__).resolve().parents[2] / "index")]
sys.modules["index"] = package
module, sys.argv = sys.argv[1], sys.argv[1:]
runpy.run_module(module, run_name="__main__", alter_sys=True)
