"""The discussion timer (the window's T and the terminal's t): counts down a set length, then
on into overtime."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

MIN_MINUTES = 1
MAX_MINUTES = 10
DEFAULT_MINUTES = 3


@dataclass
class DiscussionTimer:
    """A countdown the facilitator starts, pauses and resets; it only moves when ticked."""

    minutes: int = DEFAULT_MINUTES
    elapsed: float = 0.0
    running: bool = False

    @property
    def length(self) -> float:
        """The set length in seconds."""
        return self.minutes * 60.0

    @property
    def shown(self) -> bool:
        """True once started, until reset."""
        return self.running or self.elapsed > 0

    @property
    def over(self) -> bool:
        """True once the set time has passed."""
        return self.elapsed >= self.length

    def toggle(self) -> None:
        """Start, or pause."""
        self.running = not self.running

    def reset(self) -> None:
        """Stopped, back at the full length."""
        self.running = False
        self.elapsed = 0.0

    def next_minutes(self) -> None:
        """The menu's length button: one minute more, back to 1 after 10."""
        self.minutes = MIN_MINUTES if self.minutes >= MAX_MINUTES else self.minutes + 1

    def tick(self, dt: float) -> bool:
        """Let `dt` seconds pass; True exactly when this tick reached the set time."""
        if not self.running or dt <= 0:
            return False
        before = self.elapsed
        self.elapsed += dt
        return before < self.length <= self.elapsed

    def text(self) -> str:
        """ "2:45" while counting down; "+0:12" in overtime."""
        if self.over:
            return "+" + clock_text(self.elapsed - self.length, math.floor)
        return clock_text(self.length - self.elapsed, math.ceil)

    def seconds_to_next_change(self) -> float:
        """How long until `text()` changes while running."""
        left = self.length - self.elapsed
        part = left - math.floor(left) if left > 0 else (-left) - math.floor(-left)
        step = part if left > 0 else 1.0 - part
        return step if step > 1e-6 else 1.0


def clock_text(seconds: float, rounding: Callable[[float], int] = math.ceil) -> str:
    """Whole seconds as "m:ss"."""
    whole = rounding(max(0.0, seconds))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass
class ShownTimes:
    """How long each decision's Discuss card has been up, in seconds, by the decision's key
    (scene and how far into the game, as class votes and `path.Step.key` name it)."""

    seconds: dict[str, float] = field(default_factory=dict)

    def tick(self, key: str | None, dt: float) -> None:
        """Count `dt` seconds for the card of decision `key` (None: no card up)."""
        if key is not None:
            self.seconds[key] = self.seconds.get(key, 0.0) + dt
