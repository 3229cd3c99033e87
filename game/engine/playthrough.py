"""One playthrough's position, changed in place, with a log of what each step changed.

A snapshot per step copied the visit counts, decisions and meter rows every time, which made
replaying a long save quadratic; logging only what a step touched keeps steps and undo linear.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import cast

from .model import Story, Value
from .program import Program, RouteLoopError, compiled
from .records import Records
from .start import Start, start_point
from .state import Decision, State

# What a step changed (see `Records`): moving on a beat inside a scene, by far the most common
# step, logs just the beat it left (a small int: nothing made, nothing to free); any other step
# logs (scene, beat, the values' names, their values, the used-up choices or None when it used
# none up, the scenes whose visit count it raised, whether it made a decision).
# Flat tuples: the GC untracks a tuple only once the tuples inside it are untracked, and
# (name, value) pairs made after their tuple would keep it tracked into the old generation.
_StepUndo = tuple[
    str, int, tuple[str, ...], tuple[Value, ...], frozenset[str] | None, tuple[str, ...], bool
]


def meter_row(story: Story, values: Mapping[str, Value]) -> tuple[int, ...]:
    """The meters' values, in declaration order."""
    return compiled(story).meter_row(values)


class Playthrough:
    """Where the player is and what is true; `state` is an immutable snapshot of it.

    `values` is replaced, never changed, by a step, so snapshots may share it; `visits` is
    one dict counted up by steps and down by undo.
    """

    def __init__(self, program: Program, state: State) -> None:
        self.program = program
        self._undo: list[int | _StepUndo] = []
        # One watch for every step: it is emptied before each and read into a tuple after.
        self._entered = Entered()
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
        meters = (program.meter_row(values),)
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
            start=begin.scene,
        )

    def load(self, state: State) -> None:
        """Put the playthrough at `state`, with nothing to undo."""
        self.scene, self.beat = state.scene, state.beat
        self.values: Mapping[str, Value] = dict(state.values)
        self.visits: dict[str, int] = dict(state.visits)
        self.taken = state.taken
        self.decisions: Records[Decision] = Records(
            Decision, tuple((d.scene, d.choice, d.step) for d in state.decisions)
        )
        self.meters = list(state.meter_history)
        self.answers = state.answers
        self.begin = Start(state.seed, state.fixed, state.checkpoint, state.drawn, state.start)
        self._undo.clear()
        self._snapshot: State | None = None
        self._frozen: tuple[tuple[str, ...], tuple[Value, ...]] | None = None
        # The values' names: one tuple while they stay the same (they do for a whole game),
        # so tuples that keep it are untracked by the GC at its first look (see `records`).
        self._names: tuple[str, ...] = ()

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
                decisions=self.decisions.made(),
                answers=self.answers,
                meter_history=tuple(self.meters),
                seed=self.begin.seed,
                drawn=self.begin.drawn,
                fixed=self.begin.fixed,
                checkpoint=self.begin.checkpoint,
                start=self.begin.scene,
            )
        return self._snapshot

    @property
    def frozen_values(self) -> tuple[tuple[str, ...], tuple[Value, ...]]:
        """The values as two plain tuples, names and values in the same order; made once for
        each values a step puts in place (the undo log and the runner's history share it)."""
        frozen = self._frozen
        if frozen is None:
            values = self.values
            names = tuple(values)
            if names != self._names:
                self._names = names
            frozen = self._frozen = (self._names, tuple(values.values()))
        return frozen

    @property
    def can_undo(self) -> bool:
        """True when there is a step to go back to."""
        return bool(self._undo)

    def to_beat(self, beat: int) -> None:
        """Move to another beat of the same scene."""
        self._undo.append(self.beat)
        self._snapshot = None
        self.beat = beat

    def follow(self) -> None:
        """Leave a routed scene whose lines were shown and settle where its route leads."""
        program = self.program
        values, entered = dict(self.values), self._entered
        entered.clear()
        try:
            target = program.route(self.scene, values, self.visits)
            sid = program.settle(target, values, self.visits, watch=entered)
        except RouteLoopError:
            entered.uncount(self.visits)
            raise
        self._log(tuple(entered), False, self.taken)
        self.scene, self.beat, self.values, self._frozen = sid, 0, values, None

    def choose(self, index: int) -> None:
        """Take choice `index` of the current scene (see `Program.step`); the decision is
        kept with the number of steps taken up to and including it."""
        sid, visits, program = self.scene, self.visits, self.program
        values, entered = dict(self.values), self._entered
        entered[:] = program.scenes[sid].choice_counts[index]
        try:
            target, taken = program.step(sid, index, values, visits, self.taken, watch=entered)
        except RouteLoopError:
            entered.uncount(visits)
            raise
        self._log(tuple(entered), True, taken)
        self.decisions.append((sid, index, len(self._undo)))
        self.meters.append(program.meter_row(values))
        self.scene, self.beat, self.values, self.taken = target, 0, values, taken
        self._frozen = None

    def undo(self) -> int | None:
        """Step back; the number of steps still to undo, or None when at the very start."""
        if not self._undo:
            return None
        last = self._undo.pop()
        self._snapshot = None
        if type(last) is int:
            self.beat = last
            return len(self._undo)
        scene, beat, names, values, taken, entered, decided = cast(_StepUndo, last)
        Entered(entered).uncount(self.visits)
        if decided:
            self.decisions.truncate(len(self.decisions) - 1)
            self.meters.pop()
        self.scene, self.beat, self.values = scene, beat, dict(zip(names, values, strict=True))
        self._frozen = (names, values)
        if taken is not None:
            self.taken = taken
        return len(self._undo)

    def _log(self, entered: tuple[str, ...], decided: bool, taken: frozenset[str]) -> None:
        """Log a step about to leave this place; `taken` is the used-up choices after it."""
        kept = None if taken is self.taken else self.taken
        names, values = self.frozen_values
        self._undo.append((self.scene, self.beat, names, values, kept, entered, decided))
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
