"""Locks between processes: one writer at a time for a shared file, and a note of who else
is using the data folder.

POSIX systems lock with `fcntl.flock`, which the system releases when a process dies, so a
crash never leaves a lock behind. Elsewhere a lock is a file made with O_EXCL that holds the
owner's pid; one left by a crash is taken over once it is older than `STALE_LOCK`.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .atomic import os_reason
from .errors import Reason, SaveError

if sys.platform != "win32":
    import fcntl

LOCK_SUFFIX = ".lock"
INSTANCE_FILE = "instance.lock"
STALE_LOCK = 30.0  # seconds; only for the lock-file fallback
_POLL = 0.01
# The open instance lock of this process: kept open (and so held) until the process ends.
_HELD: dict[Path, int] = {}


def lock_path(path: Path) -> Path:
    """The lock file guarding `path`: "progress.json" -> "progress.json.lock"."""
    return path.with_name(path.name + LOCK_SUFFIX)


@contextmanager
def locked(path: Path, *, timeout: float = 10.0) -> Iterator[None]:
    """Hold the exclusive lock guarding `path` for the `with` block.

    Raises SaveError (UNWRITABLE) when the lock cannot be made or is not free within `timeout`.
    """
    target = lock_path(Path(path))
    if sys.platform != "win32":
        try:
            fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise SaveError(Reason.UNWRITABLE, target, os_reason(exc)) from exc
        try:
            _wait(lambda: _try_flock(fd), target, timeout)
            yield
        finally:
            os.close(fd)  # closing the file releases the lock
    else:
        _wait(lambda: _try_create(target), target, timeout)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.remove(target)


def _wait(attempt: Callable[[], bool], target: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not attempt():
        if time.monotonic() > deadline:
            raise SaveError(Reason.UNWRITABLE, target, "another copy of the game holds it")
        time.sleep(_POLL)


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        raise SaveError(Reason.UNWRITABLE, None, os_reason(exc)) from exc
    return True


def _try_create(target: Path) -> bool:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        with contextlib.suppress(OSError):
            if time.time() - target.stat().st_mtime > STALE_LOCK:
                os.remove(target)  # left by a crash
        return False
    except OSError as exc:
        raise SaveError(Reason.UNWRITABLE, target, os_reason(exc)) from exc
    with os.fdopen(fd, "w") as out:
        out.write(str(os.getpid()))
    return True


def other_instance(folder: Path) -> int | None:
    """Claim the saves `folder` for this process; the pid of another running game already
    using it (0 when its pid is unknown), or None when this process is the only one.

    Never raises: a folder that cannot hold the lock file just goes unchecked.
    """
    target = Path(folder) / INSTANCE_FILE
    if target in _HELD:
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    if sys.platform != "win32":
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pid = _read_pid(fd)
            os.close(fd)
            return pid
    else:
        pid = _read_pid(fd)
        if pid and pid != os.getpid():
            os.close(fd)
            return pid
        atexit.register(_forget, target)
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, str(os.getpid()).encode("ascii"))
    _HELD[target] = fd
    return None


def _read_pid(fd: int) -> int:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return 0
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else 0


def _forget(target: Path) -> None:
    fd = _HELD.pop(target, None)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)
        with contextlib.suppress(OSError):
            os.remove(target)
