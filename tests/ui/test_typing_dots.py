"""Typing dots on the phone: the other person's new message shows as three pulsing dots for a
moment before its bubble, never while motion is reduced, text is instant or lines are skipped,
and Space shows the message at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame
from format2_story import CHAPTER, STORY

from game.engine.model import Story
from game.window.screens.scene import SceneScreen
from game.window.theme import DEFAULT_THEME

from .harness import frame, make_app, runner, start_game, write_settings

TYPING = DEFAULT_THEME.motion.typing


def at_their_message(
    tmp_path: Path, make_story: Callable[..., Story], **settings: object
) -> tuple[SceneScreen, Callable[[float], None], Callable[[], None]]:
    """The format 2 story one Space past your draft: the other person's "Morning." is next."""
    write_settings(tmp_path, **settings)
    app, d = make_app(tmp_path, make_story(STORY, CHAPTER))
    start_game(app, d)
    assert runner(app).line is not None and runner(app).line.mine  # the draft
    d.post_key("space")
    line = runner(app).line
    assert line is not None and line.text == "Morning." and not line.mine
    scene = app.manager.top
    assert isinstance(scene, SceneScreen)
    return scene, d.step, lambda: d.post_key("space")


def newest_bubble(scene: SceneScreen) -> pygame.Surface:
    surface = frame(scene.app)
    return surface.subsurface(scene.phone.placed[0].bubble).copy()


def test_dots_show_then_the_message(tmp_path: Path, make_story: Callable[..., Story]) -> None:
    scene, step, _ = at_their_message(tmp_path, make_story)
    assert scene.phone_on and scene.phone.typing == 0.0
    dots = scene.phone.typing_bubble(scene.phone.placed[0])
    assert scene.phone.placed[0].bubble.contains(dots)
    typing = newest_bubble(scene)
    step(TYPING / 3)
    assert scene.phone.typing is not None and scene.phone.typing > 0
    pulsed = newest_bubble(scene)
    assert pygame.image.tobytes(pulsed, "RGB") != pygame.image.tobytes(typing, "RGB")
    step(TYPING)
    assert scene.phone.typing is None
    shown = newest_bubble(scene)
    assert pygame.image.tobytes(shown, "RGB") != pygame.image.tobytes(typing, "RGB")


def test_space_shows_the_message_at_once_and_stays_on_it(
    tmp_path: Path, make_story: Callable[..., Story]
) -> None:
    scene, _, space = at_their_message(tmp_path, make_story)
    assert scene.phone.typing is not None
    space()
    assert scene.phone.typing is None
    assert scene.runner.line is not None and scene.runner.line.text == "Morning."
    space()
    assert scene.runner.line is not None and scene.runner.line.text.endswith("waves.")


def test_no_dots_with_reduced_motion_or_instant_text(
    tmp_path: Path, make_story: Callable[..., Story]
) -> None:
    for n, settings in enumerate(({"reduced_motion": True}, {"text_speed": 0})):
        scene, _, _ = at_their_message(tmp_path / str(n), make_story, **settings)
        assert scene.phone.typing is None, settings


def test_no_dots_while_skipping(tmp_path: Path, make_story: Callable[..., Story]) -> None:
    scene, _, _ = at_their_message(tmp_path, make_story)
    assert scene.phone.typing is not None
    scene.skipper.toggled = True
    scene.sync(reveal=True)  # what a skip's advance does on arriving at a line
    assert scene.phone.typing is None


def test_dots_are_not_in_a_save_thumbnail(tmp_path: Path, make_story: Callable[..., Story]) -> None:
    scene, step, _ = at_their_message(tmp_path, make_story)
    still = pygame.Surface(scene.size)
    scene.draw_still(still)
    assert scene.phone.typing is not None  # the screen itself goes on typing
    step(TYPING * 2)
    shown = pygame.Surface(scene.size)
    scene.draw(shown)
    assert pygame.image.tobytes(still, "RGB") == pygame.image.tobytes(shown, "RGB")
