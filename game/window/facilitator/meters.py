"""The meters as the facilitator shows them: each meter's words and numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.engine.model import Story, Value
from game.engine.session import meter_range


@dataclass(frozen=True, slots=True)
class MeterReading:
    """One meter now: its label, its value within its range, and a word for where it sits."""

    label: str
    value: int
    lo: int
    hi: int

    @property
    def fraction(self) -> float:
        """Where the value sits in the range, 0 to 1."""
        if self.hi <= self.lo:
            return 1.0
        return min(1.0, max(0.0, (self.value - self.lo) / (self.hi - self.lo)))

    @property
    def word(self) -> str:
        """ "low", "some" or "high": the lower, middle or upper third of the range."""
        if self.fraction < 1 / 3:
            return "low"
        if self.fraction < 2 / 3:
            return "some"
        return "high"

    @property
    def numbers(self) -> str:
        """ "7 of 10" (or "7, from -5 to 5" when the range does not start at 0)."""
        if self.lo == 0:
            return f"{self.value} of {self.hi}"
        return f"{self.value}, from {self.lo} to {self.hi}"


def read_meters(story: Story, values: Mapping[str, Value]) -> tuple[MeterReading, ...]:
    """Every meter of the story with its current value, in the story's order."""
    return tuple(
        MeterReading(var.meter or var.id, int(values[var.id]), *meter_range(var))
        for var in story.meters
    )
