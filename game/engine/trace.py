"""A finished path replayed step by step: what each decision changed, which routes fired and
which reason lines (`because:` beats) showed, so the ending page can say what decided it.

The replay runs the same `Program` the player played (draws, fixed values and checkpoint
from the saved start), so it sees exactly what the player saw; nothing is stored in saves.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

from .model import Story, Value
from .program import PlayError, Program, compiled
from .start import Start, StartError, start_point
from .state import State, initial_values

# The step number of what happened before the first decision (routes at the start).
BEFORE = -1


@dataclass(frozen=True)
class Change:
    """What one decision changed: the variables (old, new) and the counted keys it raised."""

    step: int
    values: Mapping[str, tuple[Value, Value]]
    counted: frozenset[str]


@dataclass(frozen=True)
class Fired:
    """A route taken out of `scene` (arm `index`), with the values and counts it read."""

    step: int
    scene: str
    index: int
    values: Mapping[str, Value]
    visits: Mapping[str, int]


@dataclass(frozen=True)
class Shown:
    """A `because:` beat shown in `scene` (beat `index`), with the values at that moment."""

    step: int
    scene: str
    index: int
    values: Mapping[str, Value]


@dataclass(frozen=True)
class Trace:
    """A path replayed: each decision's changes, routes fired and reason lines, in order."""

    changes: tuple[Change, ...]
    fired: tuple[Fired, ...]
    shown: tuple[Shown, ...]


class _Recorder:
    """A `Program.settle` watch noting routes taken and reason lines shown, for one step."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.step = BEFORE
        self.fired: list[Fired] = []
        self.shown: list[Shown] = []

    def __call__(
        self, sid: str, values: MutableMapping[str, Value], visits: MutableMapping[str, int], r: int
    ) -> None:
        program = self.program
        scene = program.scenes[sid].scene
        if any(b.because for b in scene.beats):
            for i in program.visible_beats(sid, values, visits):
                if scene.beats[i].because:
                    self.shown.append(Shown(self.step, sid, i, dict(values)))
        if r >= 0:
            self.fired.append(Fired(self.step, sid, r, dict(values), dict(visits)))


def trace(story: Story, state: State) -> Trace:
    """Replay `state`'s decisions from its start; a path the story no longer has stops early."""
    program = compiled(story)
    values = initial_values(story, state.answers)
    begin = Start(state.seed, state.fixed, state.checkpoint, state.drawn)
    record = _Recorder(program)
    changes: list[Change] = []
    try:
        scene, visits, _ = start_point(story, values, begin)
        sid = program.settle(scene, values, visits, show=False, watch=record)
        taken: frozenset[str] = frozenset()
        for step, d in enumerate(state.decisions):
            if d.scene != sid:
                break
            record.step = step
            before, counts = dict(values), dict(visits)
            sid, taken = program.step(
                sid, d.choice, values, visits, taken, show=False, watch=record
            )
            changed = {k: (before[k], v) for k, v in values.items() if before.get(k) != v}
            raised = frozenset(k for k, n in visits.items() if n > counts.get(k, 0))
            changes.append(Change(step, changed, raised))
    except (PlayError, StartError, IndexError, KeyError):
        pass  # a save from an older story: report what could be replayed
    return Trace(tuple(changes), tuple(record.fired), tuple(record.shown))
