"""Where player files live: override, environment variable, then the platform folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import platformdirs
import pytest

from game.persistence.paths import data_dir, logs_dir, saves_dir


@pytest.fixture(autouse=True)
def no_real_user_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    """Point the platform default into tmp_path and record how it was asked for."""
    calls: list[Any] = []

    def fake_user_data_path(appname: str, appauthor: Any = None, **kw: Any) -> Path:
        calls.append((appname, appauthor))
        return tmp_path / "platform" / appname

    monkeypatch.setattr(platformdirs, "user_data_path", fake_user_data_path)
    monkeypatch.delenv("RECONNECT_DATA_DIR", raising=False)
    return calls


def test_override_wins_and_is_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONNECT_DATA_DIR", str(tmp_path / "env"))
    target = tmp_path / "deep" / "er" / "data"
    assert data_dir(target) == target
    assert target.is_dir()
    assert data_dir(str(target)) == target  # a string works too, and existing is fine
    assert not (tmp_path / "env").exists()


def test_override_expands_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    assert data_dir("~/reconnect-data") == tmp_path / "reconnect-data"
    assert (tmp_path / "reconnect-data").is_dir()


def test_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env"
    monkeypatch.setenv("RECONNECT_DATA_DIR", str(target))
    assert data_dir() == target
    assert target.is_dir()
    assert data_dir("") == target  # an empty override means "not given"


def test_platform_default(tmp_path: Path, no_real_user_folder: list[Any]) -> None:
    folder = data_dir()
    assert folder == tmp_path / "platform" / "reconnect"
    assert folder.is_dir()
    assert no_real_user_folder == [("reconnect", False)]


def test_empty_environment_variable_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECONNECT_DATA_DIR", "")
    assert data_dir() == tmp_path / "platform" / "reconnect"


def test_saves_and_logs_dirs(tmp_path: Path) -> None:
    base = data_dir(tmp_path / "base")
    assert saves_dir(base) == base / "saves" and (base / "saves").is_dir()
    assert logs_dir(base) == base / "logs" and (base / "logs").is_dir()
    assert saves_dir(base) == base / "saves"  # idempotent
