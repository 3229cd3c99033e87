"""A story compiled for running: conditions and effects as closures, one transition.

The runner, the explorer and random runs all move through `Program.step` and
`Program.settle`, so what the checker proves about a story is exactly what the player sees.
"""

from __future__ import annotations

import itertools
from _collections_abc import dict_items, dict_keys, dict_values
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar, cast

from .diagnostics import location
from .expr import KEPT_PREFIX, MISSED_PREFIX, compile_expr
from .model import Choice, Effect, Expr, Scene, Span, Story, Value

T = TypeVar("T")
Evaluator = Callable[[Mapping[str, Value], Mapping[str, int]], Value]
# Entering scenes through routes that show nothing could loop forever; this many in a row
# without a beat or a choice means the story has a route cycle (the checker reports it).
MAX_PASS_THROUGH = 1000


# Called for every scene `settle` enters, after its effects: the scene, the values and visits
# as they are then, and the index of the route it leaves by (-1 where it stops).
Watch = Callable[[str, MutableMapping[str, Value], MutableMapping[str, int], int], None]


class PlayError(Exception):
    """An error while playing a story, pointing at the scene or choice that caused it."""

    def __init__(self, message: str, span: Span | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span

    def __str__(self) -> str:
        if self.span is None:
            return self.message
        # Located the way diagnostics are, so editors can jump to it.
        return f"{location(self.span)}: {self.message}"


class RouteLoopError(PlayError):
    """Routes went round in a circle without showing anything; `scene` is where it gave up."""

    def __init__(self, scene: Scene) -> None:
        message = f"routes loop without showing anything near scene '{scene.id}'"
        super().__init__(message, scene.span)
        self.scene = scene.id


def taken_key(scene: str, index: int) -> str:
    """The id a used-up `once` choice is remembered by."""
    return f"{scene}#{index}"


@dataclass(frozen=True, slots=True)
class CompiledEffect:
    """An effect ready to apply: target, evaluator, relative or not, clamp range."""

    var: str
    fn: Evaluator
    relative: bool
    lo: int | None
    hi: int | None


@dataclass(frozen=True, slots=True)
class CompiledScene:
    """A scene's conditions and effects compiled."""

    scene: Scene
    effects: tuple[CompiledEffect, ...]
    beat_conditions: tuple[Evaluator | None, ...]
    choice_conditions: tuple[Evaluator | None, ...]
    choice_effects: tuple[tuple[CompiledEffect, ...], ...]
    routes: tuple[tuple[str, Evaluator | None], ...]
    word_counts: tuple[int, ...]
    choice_counts: tuple[tuple[str, ...], ...] = ()
    # Every beat's index when no beat has a condition: what `visible_beats` always answers.
    plain_beats: tuple[int, ...] | None = None
    # Whether any choice is `once`: only then must `available` look at the used-up ones.
    any_once: bool = True


def counted_keys(sid: str, choice: Choice) -> tuple[str, ...]:
    """What taking a choice counts beside scene visits: the choice itself, if it has an id
    (for `chose`), and each lesson mark it carries (for `kept` and `missed`)."""
    keys = [f"{sid}.{choice.id}"] if choice.id is not None else []
    keys += [(KEPT_PREFIX if m.kept else MISSED_PREFIX) + m.lesson for m in choice.marks]
    return tuple(keys)


class Shared:
    """One compiled closure per distinct expression and one object per distinct part, for
    every scene of a story: a large story repeats the same conditions and effects thousands
    of times. Parts are frozen, so sharing them changes nothing but memory."""

    def __init__(self) -> None:
        self._exprs: dict[Expr, Evaluator] = {}
        self._parts: dict[object, object] = {}

    def expr(self, expr: Expr) -> Evaluator:
        """`expr` compiled (once per distinct expression)."""
        fn = self._exprs.get(expr)
        if fn is None:
            fn = self._exprs.setdefault(expr, compile_expr(expr))
        return fn

    def part(self, value: T) -> T:
        """The one kept object equal to `value` (a tuple of ids, counts or compiled parts)."""
        return cast(T, self._parts.setdefault(value, value))


def compile_scene(story: Story, scene: Scene, shared: Shared) -> CompiledScene:
    """A scene's conditions and effects compiled against the story's variables."""
    variables = story.variables

    def condition(expr: Expr | None) -> Evaluator | None:
        return shared.expr(expr) if expr is not None else None

    def effect(e: Effect) -> CompiledEffect:
        var = variables[e.var]
        return shared.part(CompiledEffect(e.var, shared.expr(e.expr), e.relative, var.min, var.max))

    def effects(items: tuple[Effect, ...]) -> tuple[CompiledEffect, ...]:
        return shared.part(tuple(effect(e) for e in items))

    beat_conditions = shared.part(tuple(condition(b.condition) for b in scene.beats))
    plain = all(c is None for c in beat_conditions)
    return CompiledScene(
        scene=scene,
        effects=effects(scene.effects),
        beat_conditions=beat_conditions,
        choice_conditions=shared.part(tuple(condition(c.condition) for c in scene.choices)),
        choice_effects=shared.part(tuple(effects(c.effects) for c in scene.choices)),
        routes=tuple((r.goto, condition(r.condition)) for r in scene.routes),
        word_counts=shared.part(tuple(len(b.text.source.split()) for b in scene.beats)),
        choice_counts=shared.part(
            tuple(shared.part(counted_keys(scene.id, c)) for c in scene.choices)
        ),
        plain_beats=shared.part(tuple(range(len(beat_conditions)))) if plain else None,
        any_once=any(c.once for c in scene.choices),
    )


class CompiledScenes(dict[str, CompiledScene]):
    """Every scene of a story by id, each compiled when first looked up.

    A game touches a few of a large story's scenes, so a new game compiles (and reads from
    the disk cache) only those. Looking up a compiled scene is a plain dict lookup; listing
    the scenes compiles the rest first. Two threads compiling the same scene at once both get
    the first one stored (compiling is pure, so the two are equal anyway).
    """

    def __init__(self, story: Story) -> None:
        super().__init__()
        self._story = story
        self._shared = Shared()

    def __missing__(self, sid: str) -> CompiledScene:
        scene = self._story.scenes[sid]
        return self.setdefault(sid, compile_scene(self._story, scene, self._shared))

    def _all(self) -> None:
        if super().__len__() < len(self._story.scenes):
            for sid in self._story.scenes:
                self[sid]

    def __contains__(self, sid: object) -> bool:
        return sid in self._story.scenes

    def __len__(self) -> int:
        return len(self._story.scenes)

    def __iter__(self) -> Iterator[str]:
        return iter(self._story.scenes)

    def get(self, sid: str, default: CompiledScene | None = None) -> CompiledScene | None:  # type: ignore[override]
        return self[sid] if sid in self._story.scenes else default

    def keys(self) -> dict_keys[str, CompiledScene]:
        self._all()
        return super().keys()

    def values(self) -> dict_values[str, CompiledScene]:
        self._all()
        return super().values()

    def items(self) -> dict_items[str, CompiledScene]:
        self._all()
        return super().items()


class Program:
    """The compiled form of a story; its scenes are compiled as they are first reached."""

    def __init__(self, story: Story) -> None:
        self.story = story
        # The meters' ids in declaration order, for the meter row kept at every choice.
        self.meter_ids = tuple(v.id for v in story.meters)
        self.meter_row = meter_reader(self.meter_ids)
        self.scenes = CompiledScenes(story)

    @staticmethod
    def apply(
        effects: tuple[CompiledEffect, ...],
        values: MutableMapping[str, Value],
        visits: Mapping[str, int],
    ) -> None:
        """Apply effects in order, each seeing the ones before it; numbers are clamped."""
        # The loader's type check makes relative effects numbers; `type(...) is int` is the
        # hot path's `isinstance(..., int) and not isinstance(..., bool)`.
        for e in effects:
            result = e.fn(values, visits)
            if e.relative:
                result = cast(int, values[e.var]) + cast(int, result)
            if type(result) is int:
                lo, hi = e.lo, e.hi
                if lo is not None and result < lo:
                    result = lo
                elif hi is not None and result > hi:
                    result = hi
            values[e.var] = result

    def visible_beats(
        self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int]
    ) -> tuple[int, ...]:
        """Indices of the beats of a scene whose condition holds now."""
        compiled = self.scenes[sid]
        if compiled.plain_beats is not None:
            return compiled.plain_beats
        conds = compiled.beat_conditions
        return tuple([i for i, c in enumerate(conds) if c is None or c(values, visits)])

    def available(
        self,
        sid: str,
        values: Mapping[str, Value],
        visits: Mapping[str, int],
        taken: frozenset[str],
    ) -> tuple[int, ...]:
        """Indices of the choices the player may pick now."""
        compiled = self.scenes[sid]
        once = compiled.scene.choices
        check_once = compiled.any_once and bool(taken)
        out = []
        for i, cond in enumerate(compiled.choice_conditions):
            if check_once and once[i].once and taken_key(sid, i) in taken:
                continue
            if cond is None or cond(values, visits):
                out.append(i)
        return tuple(out)

    def route(self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int]) -> str:
        """The scene a routed `goto` leads to now."""
        routes = self.scenes[sid].routes
        return routes[self._route_index(routes, values, visits)][0]

    @staticmethod
    def _route_index(
        routes: tuple[tuple[str, Evaluator | None], ...],
        values: Mapping[str, Value],
        visits: Mapping[str, int],
    ) -> int:
        for r, (_, cond) in enumerate(routes):
            if cond is None or cond(values, visits):
                return r
        # The loader requires a final unconditional route, so this is the last one.
        return len(routes) - 1

    def settle(
        self,
        sid: str,
        values: MutableMapping[str, Value],
        visits: MutableMapping[str, int],
        *,
        show: bool = True,
        watch: Watch | None = None,
        limit: int | None = MAX_PASS_THROUGH,
    ) -> str:
        """Enter `sid` and follow routes; returns the scene it stops in.

        With `show` it stops at the first scene with a line to show (the player's next step);
        without, only at a scene with choices or an ending (the next decision point). Passing
        `limit` scenes raises RouteLoopError; with None the watch must stop a loop itself.
        """
        scenes = self.scenes
        for _ in range(limit) if limit is not None else itertools.count():
            visits[sid] = visits.get(sid, 0) + 1  # the visit counts before the scene's effects
            compiled = scenes[sid]
            if compiled.effects:
                self.apply(compiled.effects, values, visits)
            routes = compiled.routes
            if not routes or (show and self.visible_beats(sid, values, visits)):
                if watch is not None:
                    watch(sid, values, visits, -1)
                return sid
            r = self._route_index(routes, values, visits)
            if watch is not None:
                watch(sid, values, visits, r)
            sid = routes[r][0]
        raise RouteLoopError(scenes[sid].scene)

    def follow(
        self, sid: str, values: MutableMapping[str, Value], visits: MutableMapping[str, int]
    ) -> str:
        """Leave routed scene `sid` (its lines shown) and settle where its route leads."""
        return self.settle(self.route(sid, values, visits), values, visits)

    def step(
        self,
        sid: str,
        index: int,
        values: MutableMapping[str, Value],
        visits: MutableMapping[str, int],
        taken: frozenset[str],
        *,
        show: bool = True,
        watch: Watch | None = None,
        limit: int | None = MAX_PASS_THROUGH,
    ) -> tuple[str, frozenset[str]]:
        """Take choice `index` of scene `sid`: apply its effects, use it up if `once`, go to
        its target and settle (see `settle`). Changes `values` and `visits` in place; returns
        where it stops and the used-up choices."""
        compiled = self.scenes[sid]
        for key in compiled.choice_counts[index]:
            visits[key] = visits.get(key, 0) + 1
        effects = compiled.choice_effects[index]
        if effects:
            self.apply(effects, values, visits)
        choice = compiled.scene.choices[index]
        if choice.once:
            taken = taken | {taken_key(sid, index)}
        target = self.settle(choice.goto, values, visits, show=show, watch=watch, limit=limit)
        return target, taken


def meter_reader(ids: tuple[str, ...]) -> Callable[[Mapping[str, Value]], tuple[int, ...]]:
    """A function from values to the meters' values in `ids` order (meters are numbers)."""
    if len(ids) > 1:  # itemgetter makes the tuple in C: a row is kept at every choice
        return cast(Callable[[Mapping[str, Value]], tuple[int, ...]], itemgetter(*ids))
    return lambda values: tuple([cast(int, values[i]) for i in ids])


def compiled(story: Story) -> Program:
    """The story's program: compiled on first use, then kept with the story."""
    program = story.derived.get("program")
    if not isinstance(program, Program):
        program = story.derived["program"] = Program(story)
    return program
