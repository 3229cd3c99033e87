"""Where Reconnect keeps the player's files: saves, settings and logs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "reconnect"
ENV_VAR = "RECONNECT_DATA_DIR"
CACHE_ENV_VAR = "RECONNECT_CACHE_DIR"
_HINT = f"choose another folder with --data-dir or {ENV_VAR}"


class DataDirError(Exception):
    """A folder for the player's files cannot be made or used; the message says what to do."""


def data_dir(override: Path | str | None = None) -> Path:
    """The folder for saves, settings and logs, created if missing.

    An explicit `override` wins, then $RECONNECT_DATA_DIR, then the platform's user data folder.
    Raises DataDirError when it cannot be made (a file in the way, a read-only home).
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
    _make(folder, "saves and settings")
    return folder


def cache_dir() -> Path:
    """The user cache folder ($RECONNECT_CACHE_DIR wins); made when a file is first written.

    A cache is only ever a speed-up: a folder that cannot be made (a read-only home) means
    each write is skipped with a note, never that the game or `check` stops.
    """
    chosen = os.environ.get(CACHE_ENV_VAR) or None
    return Path(chosen) if chosen else platformdirs.user_cache_path(APP_NAME, appauthor=False)


def saves_dir(base: Path) -> Path:
    """`base/saves`, created if missing; raises DataDirError when it cannot be."""
    folder = Path(base) / "saves"
    _make(folder, "saves")
    return folder


def logs_dir(base: Path) -> Path:
    """`base/logs`, created if missing; a private temporary folder when it cannot be.

    Logs only help to report a problem, so a folder that cannot be made never stops the game.
    """
    folder = Path(base) / "logs"
    try:
        _make(folder, "logs")
    except DataDirError as err:
        fallback = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-logs-"))
        import logging  # only here: the window's first frame is drawn before logging is needed

        logging.getLogger(__name__).warning("%s; writing logs to %s instead", err, fallback)
        return fallback
    return folder


def _make(folder: Path, what: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise DataDirError(
            f"cannot keep {what} in '{folder}': a file is in the way; {_HINT}"
        ) from None
    except OSError as err:
        reason = err.strerror or str(err)
        raise DataDirError(f"cannot make '{folder}' for {what} ({reason}); {_HINT}") from None
