"""One choice taken from an explored state: `Program.step` with the explorer's watch, fused.

The explorer takes every choice of every state, so this is its inner loop. It does what
`Program.step(..., show=False, watch=walker, limit=None)` followed by dropping the counts the
flow never reads does, with shortcuts that change nothing anyone can see:

- the values and visit counts are copied only when the step writes them (most choices leave
  the counts alone, and many scenes have no effects), so a state may share its dicts with
  the one it was reached from; the explorer never changes a dict once a state holds it;
- an effect on a variable no expression can read (a meter only the screen shows, say) is
  skipped, and a count the flow does not keep and no expression reads is not made: nothing
  the explorer evaluates, records or keys a state on could tell (see `Observed`);
- the watch's bookkeeping and the route taken are found in line, from tables made once per
  story, and a scene whose choices have no `if` and none is `once` offers all of them without
  asking `Program.available` (`always_offered`).

tests/test_explore_equivalence.py checks that the whole exploration (every state, path, line
and edge) is the same as with `Program.step` and the walker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from game.engine import expr as ex
from game.engine.model import Story, Value
from game.engine.program import MAX_PASS_THROUGH, CompiledEffect, Evaluator, Program, taken_key

from .reads import claims, closed_reads, conditions, effect_feeds


class Watcher(Protocol):
    """The explorer's walker, as the step uses it (see `explore._Walker`)."""

    tracked: frozenset[str]
    untracked: dict[str, list[list[str]]]
    conditional: dict[str, list[tuple[int, Evaluator]]]
    passes: int

    def first_pass(self, sid: str) -> None: ...

    def show_waiting(
        self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int]
    ) -> None: ...

    def long(self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int]) -> None: ...


# A scene as the step passes it: how its visit is counted (one of the three below), its
# effects, its routes, and its conditional beats not yet shown (the walker's list, shared).
_ScenePlan = tuple[
    int,
    tuple[CompiledEffect, ...],
    tuple[tuple[str, Evaluator | None], ...],
    list[tuple[int, Evaluator]],
]
# A choice: its target, the counts it makes, those of them made only for the step (read by
# some expression, then dropped), its effects, and its `once` key ("" when not `once`).
_EdgePlan = tuple[str, tuple[str, ...], tuple[str, ...], tuple[CompiledEffect, ...], str]

_NO_COUNT, _KEEP, _TEMPORARY = 0, 1, 2


@dataclass(frozen=True)
class Observed:
    """What can be read of what a step writes: the variables read by a condition, a route, a
    guarantee, or an effect on a variable read (and so on), and the counts read by the
    conditions, routes and effects a step evaluates. An effect on any other variable cannot
    change anything the explorer sees, so it is skipped; a count no step reads is not made
    unless the flow keeps it (guarantees read the visits the flow keeps, and lesson marks
    through the proof's own bits, never the step's counts)."""

    variables: frozenset[str]
    counts: frozenset[str]

    @staticmethod
    def of(story: Story) -> Observed:
        """What the story's expressions can observe."""
        read, feeds = conditions(story, beats=True), effect_feeds(story)
        # An effect is observed when its target is; then so is what it reads.
        variables, _ = closed_reads(read + claims(story), feeds)
        read += [expr for target, expr in feeds if target in variables]
        return Observed(variables, frozenset(k for e in read for k in ex.counts_read(e)))

    def effects(self, effects: tuple[CompiledEffect, ...]) -> tuple[CompiledEffect, ...]:
        """The effects whose target is observed, in order."""
        return tuple(e for e in effects if e.var in self.variables)


class Stepper:
    """Takes choices from explored states for one exploration (see the module's docstring)."""

    def __init__(
        self,
        story: Story,
        program: Program,
        walker: Watcher,
        seen: set[str],
        routes: set[tuple[str, int]],
    ) -> None:
        self.walker = walker
        self.seen = seen  # the scenes passed so far, and the routes taken (the walker's)
        self.routes = routes
        self.apply = program.apply
        observed = Observed.of(story)
        read = observed.counts

        def visit_plan(sid: str) -> int:
            if sid in walker.tracked:
                return _KEEP
            return _TEMPORARY if sid in read else _NO_COUNT

        # What `Program.available` always answers at scenes whose choices have no `if` and
        # none is `once`.
        self.always_offered = {
            sid: tuple(range(len(cs.scene.choices)))
            for sid, cs in program.scenes.items()
            if all(c.condition is None and not c.once for c in cs.scene.choices)
        }
        self.scenes: dict[str, _ScenePlan] = {}
        self.edges: dict[str, list[_EdgePlan]] = {}
        for sid, cs in program.scenes.items():
            plan = (
                visit_plan(sid),
                observed.effects(cs.effects),
                cs.routes,
                walker.conditional[sid],
            )
            self.scenes[sid] = plan
            edges = self.edges[sid] = []
            for i, choice in enumerate(cs.scene.choices):
                dropped = walker.untracked[sid][i]
                edges.append(
                    (
                        choice.goto,
                        tuple(k for k in cs.choice_counts[i] if k not in dropped or k in read),
                        tuple(k for k in cs.choice_counts[i] if k in dropped and k in read),
                        observed.effects(cs.choice_effects[i]),
                        taken_key(sid, i) if choice.once else "",
                    )
                )

    def step(
        self,
        sid: str,
        index: int,
        values: dict[str, Value],
        visits: dict[str, int],
        taken: frozenset[str],
    ) -> tuple[str, dict[str, Value], dict[str, int], frozenset[str]]:
        """Take choice `index` at `sid` and settle at the next decision point: where it stops,
        the values, counts and used-up choices there (new dicts only where written)."""
        goto, made, temporary, effects, once = self.edges[sid][index]
        own_visits = own_values = False
        if made:
            visits = dict(visits)
            own_visits = True
            for key in made:
                visits[key] = visits.get(key, 0) + 1
        if effects:
            values = dict(values)
            own_values = True
            self.apply(effects, values, visits)
        if once:
            taken = taken | {once}
        plans, apply, seen, routes_taken = self.scenes, self.apply, self.seen, self.routes
        passes = 0
        sid = goto
        while True:
            count, scene_effects, routes, waiting = plans[sid]
            if count:
                if not own_visits:
                    visits = dict(visits)
                    own_visits = True
                visits[sid] = visits.get(sid, 0) + 1
            if scene_effects:
                if not own_values:
                    values = dict(values)
                    own_values = True
                apply(scene_effects, values, visits)
            # Program._route_index in line: the first route whose condition holds (the last
            # has none), or -1 at a decision point. `r` is read after the loop on purpose.
            r = -1
            if routes:
                for r, (_, cond) in enumerate(routes):  # noqa: B007
                    if cond is None or cond(values, visits):
                        break
            # What the walker does as the watch of `settle`, in the same order.
            if count == 2:  # _TEMPORARY
                del visits[sid]
            if sid not in seen:
                self.walker.first_pass(sid)
            if waiting:  # most passes show none of them: ask before calling
                for _, shows in waiting:
                    if shows(values, visits):
                        self.walker.show_waiting(sid, values, visits)
                        break
            if r < 0:
                break
            routes_taken.add((sid, r))
            passes += 1
            if passes > MAX_PASS_THROUGH:
                self.walker.passes = passes
                self.walker.long(sid, values, visits)
            sid = routes[r][0]
        for key in temporary:
            visits.pop(key, None)
        return sid, values, visits, taken
