"""Scenes compiled with shared closures and parts act exactly as scenes compiled alone.

The oracle compiles each scene with nothing shared (its own `Shared`), the way every scene
was compiled before closures were shared across a story.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping

import pytest

from game.engine.loader import load_story
from game.engine.model import Story, Value, VarType
from game.engine.program import CompiledScene, Program, Shared, compile_scene
from game.resources import shipped_story

Evaluator = Callable[[Mapping[str, Value], Mapping[str, int]], Value]


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(shipped_story(), cache=None)
    assert result.story is not None
    return result.story


def _random_state(story: Story, rng: random.Random) -> tuple[dict[str, Value], dict[str, int]]:
    values: dict[str, Value] = {}
    for var in story.variables.values():
        if var.type is VarType.NUMBER:
            values[var.id] = rng.randint(var.min if var.min is not None else -5, var.max or 12)
        elif var.type is VarType.BOOL:
            values[var.id] = rng.random() < 0.5
        else:
            values[var.id] = rng.choice(var.one_of or (str(var.default), "other"))
    counted = [*story.scenes, *(f"kept:{k}" for k in story.lessons)]
    counted += [f"missed:{k}" for k in story.lessons]
    visits = {key: rng.randint(0, 3) for key in counted if rng.random() < 0.5}
    return values, visits


def _outcomes(
    compiled: CompiledScene, values: Mapping[str, Value], visits: Mapping[str, int]
) -> list[object]:
    def run(fns: tuple[Evaluator | None, ...]) -> list[Value | None]:
        return [fn(values, visits) if fn is not None else None for fn in fns]

    applied = []
    for effects in (compiled.effects, *compiled.choice_effects):
        after = dict(values)
        Program.apply(effects, after, visits)
        applied.append(after)
    return [
        run(compiled.beat_conditions),
        run(compiled.choice_conditions),
        run(tuple(fn for _, fn in compiled.routes)),
        [goto for goto, _ in compiled.routes],
        applied,
        compiled.word_counts,
        compiled.choice_counts,
        compiled.plain_beats,
        compiled.any_once,
    ]


def test_shared_scenes_act_as_scenes_compiled_alone(story: Story) -> None:
    program = Program(story)
    rng = random.Random(14)
    for sid, scene in story.scenes.items():
        alone = compile_scene(story, scene, Shared())
        for _ in range(30):
            values, visits = _random_state(story, rng)
            assert _outcomes(program.scenes[sid], values, visits) == _outcomes(
                alone, values, visits
            ), sid


def test_equal_expressions_share_one_closure(story: Story) -> None:
    program = Program(story)
    by_expr: dict[object, object] = {}
    conditions = 0
    for sid, scene in story.scenes.items():
        compiled = program.scenes[sid]
        for beat, fn in zip(scene.beats, compiled.beat_conditions, strict=True):
            if beat.condition is not None:
                conditions += 1
                assert by_expr.setdefault(beat.condition, fn) is fn
    assert len(by_expr) < conditions  # the shipped story repeats some conditions
