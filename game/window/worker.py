"""The disk off the frame: a background thread that runs jobs by key, newest first served.

Saving (an fsync can take tens of milliseconds) must never stall a frame, nor may reading
every save slot. Each kind of job has a key ("save:auto", "settings", "read:slots"); a job
submitted while an older one with the same key is still waiting replaces it, so the latest
state is always the one written and nothing piles up. Jobs run in the order submitted, so a
read sees every write queued before it. A job's result is handed back to the main thread by
`deliver_results`, so a save counts as saved only once it is written; `flush` waits (for a
while, never for ever) for everything queued (before loading a save, at exit).

A failing job never stops the thread, and nothing it logs can raise; should the thread die
anyway, `alive` turns False and every later job is reported as a failure, never dropped.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
READ = "read:"
# How long the frame may wait for the disk before it tells the player and goes on.
FLUSH_TIMEOUT = 5.0


class WriterStopped(RuntimeError):
    """The background writer is no longer running: a job could not be queued."""


log = logging.getLogger(__name__)


class Worker:
    """One background thread running submitted jobs; failures and read results are kept for
    the main thread, and `wake` (called on the worker thread) tells it they are there."""

    def __init__(self, wake: Callable[[], None] | None = None) -> None:
        self._cond = threading.Condition()
        self._pending: dict[str, Callable[[], None]] = {}
        self._busy: str | None = None
        self._stopping = False
        self._failures: list[tuple[str, Exception]] = []
        self._results: list[Callable[[], None]] = []
        self._wake = wake
        self._thread = threading.Thread(target=self._run, name="reconnect-disk", daemon=True)
        self._thread.start()

    def submit(self, key: str, job: Callable[[], None]) -> None:
        """Queue `job`; it replaces a job with the same key that has not started yet."""
        with self._cond:
            if self._stopping:
                raise RuntimeError("the writer has been closed")
            if not self._thread.is_alive():
                self._failures.append((key, WriterStopped(key)))
                return
            self._pending.pop(key, None)  # re-insert so the order follows submission
            self._pending[key] = job
            self._cond.notify_all()

    def run(self, key: str, job: Callable[[], T], deliver: Callable[[T], None]) -> None:
        """Run `job` on the worker (after the jobs queued before it); `deliver` gets its
        result on the main thread, from `deliver_results`."""

        def wrapped() -> None:
            result = job()
            with self._cond:
                self._results.append(lambda: deliver(result))
            if self._wake is not None:
                self._wake()

        self.submit(key, wrapped)

    def fetch(self, key: str, read: Callable[[], T], deliver: Callable[[T], None]) -> None:
        """`run` for reading: the driver waits for reads before each scripted frame."""
        self.run(READ + key, read, deliver)

    def deliver_results(self) -> int:
        """Hand every finished read its result (main thread); how many there were."""
        with self._cond:
            ready, self._results = self._results, []
        for deliver in ready:
            deliver()
        return len(ready)

    @property
    def has_results(self) -> bool:
        """Reads have finished whose results are not delivered yet."""
        with self._cond:
            return bool(self._results)

    def wait_reads(self, timeout: float | None = None) -> bool:
        """Wait until no read is queued or running (writes may still be); False on timeout."""

        def done() -> bool:
            reading = self._busy is not None and self._busy.startswith(READ)
            return not reading and not any(k.startswith(READ) for k in self._pending)

        with self._cond:
            return self._cond.wait_for(done, timeout)

    def _run(self) -> None:
        try:
            while self._run_one():
                pass
        finally:
            with self._cond:
                self._busy = None
                self._cond.notify_all()

    def _run_one(self) -> bool:
        """Run the next job; False when the worker is closing and nothing is left."""
        with self._cond:
            while not self._pending and not self._stopping:
                self._cond.wait()
            if not self._pending:
                return False
            key = next(iter(self._pending))
            job = self._pending.pop(key)
            self._busy = key
        try:
            job()
        except Exception as exc:  # reported to the player by the main thread
            with self._cond:
                self._failures.append((key, exc))
            _log_quietly("%s failed: %s", key, exc)
            if self._wake is not None:
                self._wake()
        finally:
            with self._cond:
                self._busy = None
                self._cond.notify_all()
        return True

    @property
    def alive(self) -> bool:
        """True while the thread runs jobs (False once it died or was closed)."""
        return self._thread.is_alive()

    def flush(self, timeout: float | None = FLUSH_TIMEOUT) -> bool:
        """Wait until every queued job has run; False on timeout or when the thread is gone."""

        def done() -> bool:
            return not self._thread.is_alive() or (not self._pending and self._busy is None)

        with self._cond:
            finished = self._cond.wait_for(done, timeout)
            idle = not self._pending and self._busy is None
            return finished and idle and (self._stopping or self._thread.is_alive())

    @property
    def idle(self) -> bool:
        """Nothing queued or running."""
        with self._cond:
            return not self._pending and self._busy is None

    def failures(self) -> list[tuple[str, Exception]]:
        """Failures since the last call (key, exception), oldest first."""
        with self._cond:
            out, self._failures = self._failures, []
        return out

    def close(self, timeout: float | None = FLUSH_TIMEOUT) -> None:
        """Finish every queued job, then stop the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout)


def _log_quietly(message: str, *args: object) -> None:
    # The failure is already kept for the player; a log that cannot be written must not
    # take the thread (and every later save) down with it.
    with contextlib.suppress(Exception):
        log.warning(message, *args)
