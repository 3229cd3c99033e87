"""How a game starts: the seed its draws come from, values the facilitator fixed, and the
checkpoint (format 2) or scene it starts at."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .diagnostics import suggest
from .model import Story, Value


class StartError(ValueError):
    """A `--set`, seed or checkpoint that does not fit the story; the message says why."""


@dataclass(frozen=True)
class Start:
    """`seed` None draws nothing (every variable at its `value`); `fixed` wins over draws;
    `drawn` repeats a saved game's draws whatever the seed says; `scene` starts there instead
    of the story's start (authors testing a scene)."""

    seed: int | None = None
    fixed: Mapping[str, Value] = field(default_factory=dict)
    checkpoint: str | None = None
    drawn: Mapping[str, Value] = field(default_factory=dict)
    scene: str | None = None


def new_seed() -> int:
    """A fresh seed for a new game."""
    return random.SystemRandom().randrange(2**31)


def draw(story: Story, seed: int | None, kept: Mapping[str, Value]) -> dict[str, Value]:
    """Each drawn variable's value: from `kept` where given, else by weight from `seed`."""
    if seed is None and not kept:
        return {}
    rng = random.Random(seed)
    out: dict[str, Value] = {}
    for var in story.variables.values():
        if not var.draw:
            continue
        # Drawn in declaration order, always, so one seed gives the same game.
        picked = rng.choices([d.value for d in var.draw], [d.weight for d in var.draw])[0]
        if var.id in kept:
            out[var.id] = kept[var.id]
        elif seed is not None:
            out[var.id] = picked
    return out


def start_point(
    story: Story, values: dict[str, Value], start: Start
) -> tuple[str, dict[str, int], dict[str, Value]]:
    """Apply draws, fixed values and the checkpoint to `values` (changed in place); the scene
    to start at, the visit counts there, and the drawn values."""
    drawn = draw(story, start.seed, start.drawn)
    values.update(drawn)
    scene, visits = story.start, {}
    if start.checkpoint is not None:
        checkpoint = next((c for c in story.checkpoints if c.id == start.checkpoint), None)
        if checkpoint is None:
            raise StartError(f"the story has no checkpoint '{start.checkpoint}'")
        values.update(checkpoint.values)
        visits = {sid: 1 for sid in checkpoint.visited}
        scene = checkpoint.scene
    if start.scene is not None:
        scene = start_scene(story, start.scene)
    values.update(start.fixed)
    return scene, visits, drawn


def parse_settings(story: Story, settings: Iterable[str]) -> dict[str, Value]:
    """`VAR=VALUE` texts (from `play --set`) as values; StartError says what is wrong."""
    out: dict[str, Value] = {}
    for setting in settings:
        name, sep, raw = setting.partition("=")
        name = name.strip()
        if not sep:
            raise StartError(f"--set {setting}: write it as VARIABLE=VALUE")
        var = story.variables.get(name)
        if var is None:
            known = ", ".join(story.variables)
            raise StartError(f"--set {setting}: the story has no variable '{name}' ({known})")
        from .format2 import parse_value  # the YAML readers: imported only when `--set` is used

        try:
            out[name] = parse_value(var, raw.strip())
        except ValueError as err:
            raise StartError(f"--set {setting}: {err}") from None
    return out


def start_scene(story: Story, scene: str) -> str:
    """`scene` when the story has it; StartError names the nearest scene otherwise."""
    if scene not in story.scenes:
        hint = suggest(scene, story.scenes) or f" (the story starts at '{story.start}')"
        raise StartError(f"the story has no scene '{scene}'{hint}")
    return scene
