"""Atomic file writes: temp file, fsync, then os.replace, so a crash never leaves half a file.

Saves, endings progress and settings all write through here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from pathlib import Path

from .errors import Detail, Reason, SaveError

BACKUP_SUFFIX = ".bak"
TEMP_SUFFIX = ".tmp"
# A temporary file older than this was left by a crash, not by a write still under way.
STALE_AFTER = 600.0


def backup_path(path: Path) -> Path:
    """Where the previous version of `path` is kept: "slot1.json" -> "slot1.json.bak"."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def atomic_write_bytes(path: Path, data: bytes, *, backup: bool = False) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file, whole.

    With `backup`, the file being replaced is kept at `backup_path(path)`. Raises SaveError.
    """
    path = Path(path)
    folder = path.parent
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # Only now that the new bytes are safely on disk is the old file touched at all.
        moved_away = backup and _keep_backup(path)
        try:
            os.replace(temp, path)
        except BaseException:
            if moved_away:
                # The fallback moved the old file aside; put it back so the slot is not empty.
                with contextlib.suppress(OSError):
                    os.replace(backup_path(path), path)
            raise
        temp = None
    except BaseException as exc:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.remove(temp)
        if isinstance(exc, Exception):
            raise write_error(exc, path) from exc
        raise
    _fsync_dir(folder)


def atomic_write_text(path: Path, text: str, *, backup: bool = False) -> None:
    """`atomic_write_bytes` for text, encoded as UTF-8 with newlines left as given."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SaveError(Reason.INVALID, Path(path), detail=Detail.UNSTORABLE_TEXT) from exc
    atomic_write_bytes(path, data, backup=backup)


def _keep_backup(path: Path) -> bool:
    """Make the current file the backup; True if it had to be moved away from `path`."""
    if not path.exists():
        return False
    bak = backup_path(path)
    # A hard link keeps the old file at `path` too, so there is never a moment with no
    # save in the slot; linking to a temporary name and renaming it over the backup means
    # a crash at any point leaves the old backup or the new one, never none. Not every file
    # system has links; then fall back to a rename.
    link = bak.with_name(f".{bak.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.remove(link)
        os.link(path, link)
        os.replace(link, bak)
    except OSError:
        os.replace(path, bak)
        return True
    finally:
        with contextlib.suppress(OSError):
            os.remove(link)  # gone already unless something failed on the way
    return False


def remove_stale_temps(folder: Path, *, older_than: float = STALE_AFTER) -> int:
    """Delete temporary files that a crash left behind in `folder`; returns how many went.

    Only files this module names (".<name>.<random>.tmp") and older than `older_than`
    seconds are touched, so a write in progress in another process is left alone.
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and (
                now - entry.stat(follow_symlinks=False).st_mtime > older_than
            ):
                os.remove(entry.path)
                removed += 1
    return removed


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open folders, which is fine.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def os_reason(exc: BaseException) -> str:
    """The operating system's short reason ("no space left on device"), lower case."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.rstrip(".").lower()
    return "unexpected error"


def write_error(exc: BaseException, path: Path) -> SaveError:
    """The SaveError for a disk that refused to write `path` (DISK_FULL or UNWRITABLE)."""
    return SaveError(_write_reason(exc), path, os_reason(exc))


def _write_reason(exc: BaseException) -> Reason:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return Reason.DISK_FULL
    return Reason.UNWRITABLE
