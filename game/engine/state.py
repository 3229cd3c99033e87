"""State: everything about one playthrough, immutable, to and from JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import Story, Value

STATE_FORMAT = 2
# Saves written before draws and checkpoints (format 1) still load: they started plainly.
READABLE_FORMATS = (1, 2)


class StateError(Exception):
    """A state that cannot be restored into this story; the message says why."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One choice the player made: where, which (index into the scene's choices), and when."""

    scene: str
    choice: int
    step: int = 0


@dataclass(frozen=True)
class State:
    """Where the player is and what is true; never mutated (the runner makes new ones)."""

    scene: str
    beat: int
    values: Mapping[str, Value]
    visits: Mapping[str, int]
    taken: frozenset[str] = frozenset()
    decisions: tuple[Decision, ...] = ()
    answers: Mapping[str, Value] = field(default_factory=dict)
    meter_history: tuple[tuple[int, ...], ...] = ()
    seed: int | None = None
    drawn: Mapping[str, Value] = field(default_factory=dict)
    fixed: Mapping[str, Value] = field(default_factory=dict)
    checkpoint: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict with its own format number."""
        return {
            "format": STATE_FORMAT,
            "scene": self.scene,
            "beat": self.beat,
            "values": dict(self.values),
            "visits": dict(self.visits),
            "taken": sorted(self.taken),
            "decisions": [[d.scene, d.choice, d.step] for d in self.decisions],
            "answers": dict(self.answers),
            "meter_history": [list(m) for m in self.meter_history],
            "seed": self.seed,
            "drawn": dict(self.drawn),
            "fixed": dict(self.fixed),
            "checkpoint": self.checkpoint,
        }

    @staticmethod
    def from_json(data: Any) -> State:
        """Rebuild a state from `to_json` output; raises StateError on anything malformed."""
        try:
            if not isinstance(data, dict) or data.get("format") not in READABLE_FORMATS:
                raise StateError("the saved state has an unknown format")
            values = {str(k): _value(v) for k, v in dict(data["values"]).items()}
            answers = {str(k): _value(v) for k, v in dict(data["answers"]).items()}
            visits = {str(k): int(v) for k, v in dict(data["visits"]).items()}
            decisions = tuple(Decision(str(s), int(c), int(t)) for s, c, t in data["decisions"])
            history = tuple(tuple(int(x) for x in row) for row in data["meter_history"])
            seed = data.get("seed")
            checkpoint = data.get("checkpoint")
            return State(
                scene=str(data["scene"]),
                beat=int(data["beat"]),
                values=values,
                visits=visits,
                taken=frozenset(str(t) for t in data["taken"]),
                decisions=decisions,
                answers=answers,
                meter_history=history,
                seed=None if seed is None else int(seed),
                drawn={str(k): _value(v) for k, v in dict(data.get("drawn", {})).items()},
                fixed={str(k): _value(v) for k, v in dict(data.get("fixed", {})).items()},
                checkpoint=None if checkpoint is None else str(checkpoint),
            )
        except StateError:
            raise
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise StateError(f"the saved state is incomplete ({exc})") from None


def _value(v: Any) -> Value:
    if isinstance(v, (bool, int, str)):
        return v
    raise StateError(f"unexpected value {v!r} in saved state")


def initial_values(story: Story, answers: Mapping[str, Value]) -> dict[str, Value]:
    """Every variable at its default, with the player's answers applied where they fit."""
    values: dict[str, Value] = {}
    for vid, var in story.variables.items():
        value = answers.get(vid, var.default)
        if type(value) is not type(var.default):
            value = var.default
        if var.one_of is not None and value not in var.one_of:
            value = var.default
        if isinstance(value, str) and not value.strip():
            value = var.default
        values[vid] = var.clamp(value)
    return values
