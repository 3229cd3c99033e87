"""A story compiled for running: conditions and effects as closures, one evaluation path.

The runner and the explorer both step through this, so what the checker proves about a story
is exactly what the player sees.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass

from .expr import compile_expr
from .model import Effect, Scene, Story, Value, Variable

Evaluator = Callable[[Mapping[str, Value], Mapping[str, int]], Value]
# Entering scenes through routes that show nothing could loop forever; this many in a row
# without a beat or a choice means the story has a route cycle (the checker reports it).
MAX_PASS_THROUGH = 1000


class RouteLoopError(Exception):
    """Routes went round in a circle without showing anything."""


@dataclass(frozen=True)
class CompiledEffect:
    """An effect ready to apply: target, evaluator, relative or not, clamp range."""

    var: str
    fn: Evaluator
    relative: bool
    lo: int | None
    hi: int | None


@dataclass(frozen=True)
class CompiledScene:
    """A scene's conditions and effects compiled."""

    scene: Scene
    effects: tuple[CompiledEffect, ...]
    beat_conditions: tuple[Evaluator | None, ...]
    choice_conditions: tuple[Evaluator | None, ...]
    choice_effects: tuple[tuple[CompiledEffect, ...], ...]
    routes: tuple[tuple[str, Evaluator | None], ...]
    word_counts: tuple[int, ...]


def _compile_effect(effect: Effect, var: Variable) -> CompiledEffect:
    return CompiledEffect(effect.var, compile_expr(effect.expr), effect.relative, var.min, var.max)


class Program:
    """The compiled form of a story."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.scenes: dict[str, CompiledScene] = {}
        for sid, scene in story.scenes.items():
            self.scenes[sid] = self._compile_scene(scene)

    def _compile_scene(self, scene: Scene) -> CompiledScene:
        variables = self.story.variables

        def effects(items: tuple[Effect, ...]) -> tuple[CompiledEffect, ...]:
            return tuple(_compile_effect(e, variables[e.var]) for e in items)

        return CompiledScene(
            scene=scene,
            effects=effects(scene.effects),
            beat_conditions=tuple(
                compile_expr(b.condition) if b.condition is not None else None for b in scene.beats
            ),
            choice_conditions=tuple(
                compile_expr(c.condition) if c.condition is not None else None
                for c in scene.choices
            ),
            choice_effects=tuple(effects(c.effects) for c in scene.choices),
            routes=tuple(
                (r.goto, compile_expr(r.condition) if r.condition is not None else None)
                for r in scene.routes
            ),
            word_counts=tuple(len(b.text.source.split()) for b in scene.beats),
        )

    @staticmethod
    def apply(
        effects: tuple[CompiledEffect, ...],
        values: MutableMapping[str, Value],
        visits: Mapping[str, int],
    ) -> None:
        """Apply effects in order, each seeing the ones before it; numbers are clamped."""
        for e in effects:
            result = e.fn(values, visits)
            if e.relative:
                current = values[e.var]
                assert isinstance(current, int) and isinstance(result, int)
                result = current + result
            if isinstance(result, int) and not isinstance(result, bool):
                if e.lo is not None and result < e.lo:
                    result = e.lo
                elif e.hi is not None and result > e.hi:
                    result = e.hi
            values[e.var] = result

    def visible_beats(
        self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int]
    ) -> tuple[int, ...]:
        """Indices of the beats of a scene whose condition holds now."""
        conds = self.scenes[sid].beat_conditions
        return tuple(i for i, c in enumerate(conds) if c is None or c(values, visits))

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
        out = []
        for i, cond in enumerate(compiled.choice_conditions):
            if once[i].once and f"{sid}#{i}" in taken:
                continue
            if cond is None or cond(values, visits):
                out.append(i)
        return tuple(out)

    def route(self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int]) -> str:
        """The scene a routed `goto` leads to now."""
        for target, cond in self.scenes[sid].routes:
            if cond is None or cond(values, visits):
                return target
        # The loader requires a final unconditional route, so this is the last one.
        return self.scenes[sid].routes[-1][0]

    def enter(
        self, sid: str, values: MutableMapping[str, Value], visits: MutableMapping[str, int]
    ) -> None:
        """Count the visit and apply the scene's own effects."""
        visits[sid] = visits.get(sid, 0) + 1
        effects = self.scenes[sid].effects
        if effects:
            self.apply(effects, values, visits)

    def settle(
        self, sid: str, values: MutableMapping[str, Value], visits: MutableMapping[str, int]
    ) -> tuple[str, tuple[int, ...]]:
        """Enter `sid` and pass through routed scenes that show nothing; returns where it stops."""
        for _ in range(MAX_PASS_THROUGH):
            self.enter(sid, values, visits)
            beats = self.visible_beats(sid, values, visits)
            if beats or not self.scenes[sid].routes:
                return sid, beats
            sid = self.route(sid, values, visits)
        raise RouteLoopError(f"routes loop without showing anything near scene '{sid}'")
