"""Judge weights through the GPU machine's narrow link (`training.transfer`): what comes back
rebuilds the judge exactly on the packaged word embeddings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from transformers import AutoModelForSequenceClassification, BertConfig, BertModel

from index.encode.embed import packaged_model_path
from tests.support.paths import REPO
from training import transfer
from training.transfer import WORDS, assemble, pack_init, pack_trained, unpack_init


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A tiny BERT with the packaged tokenizer: the packaged model's layout at a hundredth of its size."""
    torch.manual_seed(0)
    config = BertConfig(hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32)
    folder = tmp_path / "base"
    BertModel(config).save_pretrained(folder)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(Path(packaged_model_path()) / name, folder / name)
    return folder


def test_start_weights_travel_small_and_come_back_within_rounding(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "SHARD_BYTES", 600_000)
    pack_init(tmp_path / "packed", base)
    shards = sorted((tmp_path / "packed").glob("init-*.safetensors.xz"))
    assert len(shards) > 1 and all(s.stat().st_size <= 600_000 for s in shards)
    original = load_file(str(base / "model.safetensors"))
    packed_size = sum(s.stat().st_size for s in shards)
    assert packed_size < sum(t.numel() * 4 for t in original.values()) / 3  # int8 words, float16 the rest, xz
    unpack_init(tmp_path / "packed", tmp_path / "init")
    back = load_file(str(tmp_path / "init" / "model.safetensors"))
    assert back.keys() == original.keys()
    words, rows = back[WORDS], original[WORDS]
    step = rows.abs().amax(dim=1, keepdim=True) / 127
    assert torch.all((words - rows).abs() <= step / 2 + 1e-7)  # int8, one scale per row
    for name, tensor in original.items():
        if name != WORDS:
            assert torch.allclose(back[name], tensor, rtol=1e-3, atol=1e-6)  # float16
    model = AutoModelForSequenceClassification.from_pretrained(tmp_path / "init", num_labels=1)
    assert model.bert.embeddings.word_embeddings.weight.shape == (30522, 16)


def test_a_frozen_run_comes_back_on_the_exact_word_embeddings(base: Path, tmp_path: Path) -> None:
    pack_init(tmp_path / "packed", base)
    unpack_init(tmp_path / "packed", tmp_path / "init")
    model = AutoModelForSequenceClassification.from_pretrained(tmp_path / "init", num_labels=1)
    with torch.no_grad():  # what training changes: everything but the (frozen) word embeddings
        for name, parameter in model.named_parameters():
            if not name.endswith(WORDS):
                parameter.add_(0.01)
    model.save_pretrained(tmp_path / "run" / "torch")
    (tmp_path / "run" / "training.json").write_text('{"seed": 14}')
    names = pack_trained(tmp_path / "run" / "torch", tmp_path / "delta")
    assert names and all(WORDS not in load_file(str(tmp_path / "delta" / n)) for n in names)
    assemble(tmp_path / "delta", tmp_path / "judge", base)
    rebuilt = AutoModelForSequenceClassification.from_pretrained(tmp_path / "judge" / "torch")
    exact = load_file(str(base / "model.safetensors"))[WORDS]
    assert torch.equal(rebuilt.bert.embeddings.word_embeddings.weight, exact)
    trained = dict(model.named_parameters())
    for name, parameter in rebuilt.named_parameters():
        if not name.endswith(WORDS):
            assert torch.allclose(parameter, trained[name], rtol=1e-3, atol=1e-5)
    assert (tmp_path / "judge" / "training.json").read_text() == '{"seed": 14}'
    assert (tmp_path / "judge" / "torch" / "tokenizer.json").exists()


def test_the_gpu_launcher_runs_the_trainer_without_the_index_package_init(tmp_path: Path) -> None:
    """The GPU machines lack faiss and the rest of the index's dependencies: the launcher loads
    only the submodules the trainer needs."""
    (tmp_path / "probe.py").write_text(
        "import sys\nimport training.train_judge\n"
        "print('faiss' in sys.modules, hasattr(sys.modules['index'], 'Engine'), sys.argv[1:])\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    launcher = REPO / "training" / "gpu" / "launch.py"
    shown = subprocess.run([sys.executable, str(launcher), "probe", "--seed", "15"], capture_output=True, text=True,
                           cwd=REPO, env=env, check=True)  # fmt: skip
    assert shown.stdout.split("\n")[-2] == "False False ['--seed', '15']"
