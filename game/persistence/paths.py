"""Where Reconnect keeps the player's files: saves, settings and logs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "reconnect"
ENV_VAR = "RECONNECT_DATA_DIR"


def data_dir(override: Path | str | None = None) -> Path:
    """The folder for saves, settings and logs, created if missing.

    An explicit `override` wins, then $RECONNECT_DATA_DIR, then the platform's user data folder.
    """
    # An empty string means "not set": `--data-dir ""` or `RECONNECT_DATA_DIR=` would
    # otherwise quietly put the player's saves in whatever the current directory is.
    chosen: Path | str | None = override
    if chosen is None or chosen == "":
        chosen = os.environ.get(ENV_VAR) or None
    if chosen is None:
        folder = platformdirs.user_data_path(APP_NAME, appauthor=False)
    else:
        folder = Path(chosen).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def saves_dir(base: Path) -> Path:
    """`base/saves`, created if missing."""
    return _subdir(base, "saves")


def logs_dir(base: Path) -> Path:
    """`base/logs`, created if missing."""
    return _subdir(base, "logs")


def _subdir(base: Path, name: str) -> Path:
    folder = Path(base) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
