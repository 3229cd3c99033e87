"""The questions page shows the ex's three looks as faces on the options, whole and inside the
page at every reading size, picked with the arrows like any other option."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.window.screens.intro import QuestionsScreen
from game.window.widgets import RadioRow

from .harness import frame, make_app, shipped, write_settings


def questions_page(tmp_path: Path, scale: float) -> QuestionsScreen:
    write_settings(tmp_path, reading_scale=scale)
    app, d = make_app(tmp_path, shipped())
    assert d.click_label("New game")
    assert d.click_label("Continue")  # the content note
    page = app.manager.top
    assert isinstance(page, QuestionsScreen)
    return page


def colours(surface: pygame.Surface, rect: pygame.Rect) -> int:
    area = surface.subsurface(rect)
    return len(
        {
            area.get_at((x, y))[:3]
            for x in range(area.get_width())
            for y in range(0, area.get_height(), 3)
        }
    )


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_each_look_shows_its_face_above_its_letter(tmp_path: Path, scale: float) -> None:
    page = questions_page(tmp_path, scale)
    look, pronouns = page.fields["ex_look"], page.fields["ex_pronouns"]
    assert isinstance(look, RadioRow) and isinstance(pronouns, RadioRow)
    assert look.picture is not None and pronouns.picture is None
    page.column.ensure_visible(look)
    shot = frame(page.app)  # type: ignore[arg-type]
    window = shot.get_rect()
    plain = pronouns.pills[0]
    for pill in look.pills:
        assert window.contains(pill) and pill.height > 3 * plain.height
        face = pygame.Rect(pill.x, pill.y, pill.width, pill.height - plain.height)
        # A flat face has skin, hair, eyes and clothes: far more colours than an empty pill.
        assert colours(shot, face) > 4 * colours(shot, plain), pill
    faces = [pygame.image.tobytes(shot.subsurface(p), "RGB") for p in look.pills]
    assert len(set(faces)) == 3


def test_the_arrows_pick_a_look_and_the_game_uses_it(tmp_path: Path) -> None:
    page = questions_page(tmp_path, 1.0)
    look = page.fields["ex_look"]
    assert isinstance(look, RadioRow)
    look.select(2)
    assert page.collect()["ex_look"] == "c"
