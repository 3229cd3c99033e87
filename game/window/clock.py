"""Time for the window: a real monotonic clock for play, a fake one that tests move by hand."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the time in seconds (only differences matter)."""

    def now(self) -> float: ...


class RealClock:
    """The monotonic system clock (never jumps when the wall clock is changed)."""

    def now(self) -> float:
        """Seconds since an arbitrary start."""
        return time.monotonic()


class FakeClock:
    """A clock that only moves when told to: tests and scripted runs use it, nothing sleeps."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)

    def now(self) -> float:
        """The current fake time."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward (never backward)."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._now += seconds
