"""The window's log file, written so that logging can never raise.

A log on a read-only or full disk must not take down the frame or the save thread: a record
that cannot be written to the file goes to stderr instead, and flushing or closing the file
never raises.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path


class SafeFileHandler(logging.FileHandler):
    """A `FileHandler` (opened at the first record) whose failures fall back to stderr."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)

    def emit(self, record: logging.LogRecord) -> None:
        """Write to the file; to stderr when the file cannot be opened or written."""
        try:
            super().emit(record)
        except Exception:  # opening the file (delayed until now) failed
            self.handleError(record)

    def handleError(self, record: logging.LogRecord) -> None:
        """The record goes to stderr, the one place left to say it."""
        with contextlib.suppress(Exception):
            sys.stderr.write(self.format(record) + "\n")

    def flush(self) -> None:
        """Flush the file if it can be (a full disk is not an error here)."""
        with contextlib.suppress(Exception):
            super().flush()

    def close(self) -> None:
        """Close the file; a disk that refuses the last bytes is not an error here."""
        with contextlib.suppress(Exception):
            super().close()


def start_log(path: Path) -> logging.Handler:
    """Log the game's INFO and above to `path` (never raising); the handler, to stop it."""
    handler = SafeFileHandler(path)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("game")
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return handler


def stop_log(handler: logging.Handler) -> None:
    """Stop logging to the file and close it."""
    logging.getLogger("game").removeHandler(handler)
    handler.close()
