"""One playthrough's position, changed in place, with a log of what each step changed.

A snapshot per step copied the visit counts, decisions and meter rows every time, which made
replaying a long save quadratic; logging only what a step touched keeps steps and undo linear.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import NamedTuple

from .model import Story, Value
from .program import Program, RouteLoopError, compiled
from .start import Start, start_point
from .state import Decision, State


# A named tuple, not a frozen dataclass: one is made at every step, and a tuple is built in
# a fraction of the time.
class _Undo(NamedTuple):
    """What one step changed: the place, values and used-up choices before it, the scenes
    whose visit count it raised, whether it made a decision, and the history length to keep."""

    scene: str
    beat: int
    values: Mapping[str, Value]
    taken: frozenset[str]
    entered: tuple[str, ...]
    decided: bool
    history: int


def meter_row(story: Story, values: Mapping[str, Value]) -> tuple[int, ...]:
    """The meters' values, in declaration order."""
    return tuple([int(values[m]) for m in compiled(story).meter_ids])


class Playthrough:
    """Where the player is and what is true; `state` is an immutable snapshot of it.

    `values` is replaced, never changed, by a step, so snapshots may share it; `visits` is
    one dict counted up by steps and down by undo.
    """

    def __init__(self, program: Program, state: State) -> None:
        self.program = program
        self._undo: list[_Undo] = []
        self.load(state)

    @staticmethod
    def start(
        program: Program,
        values: dict[str, Value],
        answers: Mapping[str, Value],
        begin: Start | None = None,
    ) -> State:
        """The state at the start of the story (or a checkpoint): settled in its first scene
        with a line, after the draws and the facilitator's fixed values."""
        begin = begin or Start()
        scene, visits, drawn = start_point(program.story, values, begin)
        sid = program.settle(scene, values, visits)
        meters = (meter_row(program.story, values),)
        return State(
            sid,
            0,
            values,
            visits,
            answers=answers,
            meter_history=meters,
            seed=begin.seed,
            drawn=drawn,
            fixed=begin.fixed,
            checkpoint=begin.checkpoint,
        )

    def load(self, state: State) -> None:
        """Put the playthrough at `state`, with nothing to undo."""
        self.scene, self.beat = state.scene, state.beat
        self.values: Mapping[str, Value] = dict(state.values)
        self.visits: dict[str, int] = dict(state.visits)
        self.taken = state.taken
        self.decisions = list(state.decisions)
        self.meters = list(state.meter_history)
        self.answers = state.answers
        self.begin = Start(state.seed, state.fixed, state.checkpoint, state.drawn)
        self._undo.clear()
        self._snapshot: State | None = None

    @property
    def state(self) -> State:
        """An immutable snapshot, made when first asked for after a change."""
        if self._snapshot is None:
            self._snapshot = State(
                scene=self.scene,
                beat=self.beat,
                values=self.values,
                visits=dict(self.visits),
                taken=self.taken,
                decisions=tuple(self.decisions),
                answers=self.answers,
                meter_history=tuple(self.meters),
                seed=self.begin.seed,
                drawn=self.begin.drawn,
                fixed=self.begin.fixed,
                checkpoint=self.begin.checkpoint,
            )
        return self._snapshot

    @property
    def can_undo(self) -> bool:
        """True when there is a step to go back to."""
        return bool(self._undo)

    def to_beat(self, beat: int, history: int) -> None:
        """Move to another beat of the same scene."""
        self._log((), False, history)
        self.beat = beat

    def follow(self, history: int) -> None:
        """Leave a routed scene whose lines were shown and settle where its route leads."""
        program = self.program
        values, entered = dict(self.values), Entered()
        try:
            target = program.route(self.scene, values, self.visits)
            sid = program.settle(target, values, self.visits, watch=entered)
        except RouteLoopError:
            entered.uncount(self.visits)
            raise
        self._log(tuple(entered), False, history)
        self.scene, self.beat, self.values = sid, 0, values

    def choose(self, index: int, history: int, step: int) -> None:
        """Take choice `index` of the current scene (see `Program.step`)."""
        sid = self.scene
        values = dict(self.values)
        entered = Entered(self.program.scenes[sid].choice_counts[index])
        try:
            target, taken = self.program.step(
                sid, index, values, self.visits, self.taken, watch=entered
            )
        except RouteLoopError:
            entered.uncount(self.visits)
            raise
        self._log(tuple(entered), True, history)
        self.decisions.append(Decision(sid, index, step))
        self.meters.append(meter_row(self.program.story, values))
        self.scene, self.beat, self.values, self.taken = target, 0, values, taken

    def undo(self) -> int | None:
        """Step back; the history length to keep, or None when at the very start."""
        if not self._undo:
            return None
        last = self._undo.pop()
        Entered(last.entered).uncount(self.visits)
        if last.decided:
            self.decisions.pop()
            self.meters.pop()
        self.scene, self.beat, self.values, self.taken = (
            last.scene,
            last.beat,
            last.values,
            last.taken,
        )
        self._snapshot = None
        return last.history

    def _log(self, entered: tuple[str, ...], decided: bool, history: int) -> None:
        self._undo.append(
            _Undo(self.scene, self.beat, self.values, self.taken, entered, decided, history)
        )
        self._snapshot = None


class Entered(list[str]):
    """The scenes a step entered, in order (a `Program.settle` watch)."""

    def __call__(
        self, sid: str, values: MutableMapping[str, Value], visits: MutableMapping[str, int], r: int
    ) -> None:
        self.append(sid)

    def uncount(self, visits: dict[str, int]) -> None:
        """Take these visits back off the counts."""
        for sid in self:
            if visits[sid] == 1:
                del visits[sid]
            else:
                visits[sid] -= 1
