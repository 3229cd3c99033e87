"""Disk writes off the frame: a background thread that runs jobs by key, newest first served.

Saving (an fsync can take tens of milliseconds) must never stall a frame. Each kind of write
has a key ("save:auto", "settings", "progress"); a job submitted while an older one with the
same key is still waiting replaces it, so the latest state is always the one written and
nothing piles up. `flush` waits for everything queued (before reading a save back, at exit).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Worker:
    """One background thread running submitted jobs; failures are kept for the main thread."""

    def __init__(self, on_failure: Callable[[], None] | None = None) -> None:
        self._cond = threading.Condition()
        self._pending: dict[str, Callable[[], None]] = {}
        self._busy = False
        self._stopping = False
        self._failures: list[tuple[str, Exception]] = []
        self._on_failure = on_failure
        self._thread = threading.Thread(target=self._run, name="reconnect-writer", daemon=True)
        self._thread.start()

    def submit(self, key: str, job: Callable[[], None]) -> None:
        """Queue `job`; it replaces a job with the same key that has not started yet."""
        with self._cond:
            if self._stopping:
                raise RuntimeError("the writer has been closed")
            self._pending.pop(key, None)  # re-insert so the order follows submission
            self._pending[key] = job
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._stopping:
                    self._cond.wait()
                if not self._pending:
                    return
                key = next(iter(self._pending))
                job = self._pending.pop(key)
                self._busy = True
            try:
                job()
            except Exception as exc:  # reported to the player by the main thread
                log.warning("writing %s failed: %s", key, exc)
                with self._cond:
                    self._failures.append((key, exc))
                if self._on_failure is not None:
                    self._on_failure()
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued job has run; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    @property
    def idle(self) -> bool:
        """Nothing queued or running."""
        with self._cond:
            return not self._pending and not self._busy

    def failures(self) -> list[tuple[str, Exception]]:
        """Failures since the last call (key, exception), oldest first."""
        with self._cond:
            out, self._failures = self._failures, []
        return out

    def close(self, timeout: float | None = 10.0) -> None:
        """Finish every queued job, then stop the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout)
