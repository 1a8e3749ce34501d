"""Settings: flags over QABOT_* environment over the TOML file over defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Settings, load_settings


def test_precedence_flags_env_file_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "qabot.toml"
    config.write_text('top_k = 7\nmin_score = 0.5\ncorpus = "from-file"\n', encoding="utf-8")
    monkeypatch.setenv("QABOT_TOP_K", "4")
    monkeypatch.setenv("QABOT_CONFIG", str(config))

    settings = load_settings(Settings, top_k=None)  # a flag not given
    assert (settings.top_k, settings.min_score, settings.corpus) == (4, 0.5, Path("from-file"))
    assert settings.context_sentences == 1  # default
    assert load_settings(Settings, top_k=9).top_k == 9


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="config file not found"):
        load_settings(Settings, tmp_path / "nope.toml")
