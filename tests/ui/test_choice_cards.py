"""Choice cards over the busiest pictures: readable against the worst pixel behind them, and
opaque enough that the picture does not show through the words."""

from __future__ import annotations

import pygame
import pytest

from game.window.fonts import FontCache
from game.window.theme import DEFAULT_THEME, HIGH_CONTRAST_THEME, Theme, contrast_ratio
from game.window.widgets import ChoiceList, UIContext, scene_layout

CHOICES = ["Sit down with the green mug.", "Put the mug back and open last summer’s photos."]


def stripes(size: tuple[int, int]) -> pygame.Surface:
    """The busiest picture there is: one-pixel black and white stripes."""
    surface = pygame.Surface(size)
    surface.fill((255, 255, 255))
    for x in range(0, size[0], 2):
        pygame.draw.line(surface, (0, 0, 0), (x, 0), (x, size[1]))
    return surface


def card_pixels(surface: pygame.Surface, rect: pygame.Rect, inset: int) -> list[tuple[int, ...]]:
    """The card's own colour: a column of pixels inside its edge, left of the number badge."""
    x = rect.left + inset
    return [
        tuple(surface.get_at((x + dx, y)))[:3]
        for dx in (0, 1)
        for y in range(rect.top + inset, rect.bottom - inset)
    ]


@pytest.mark.parametrize("theme", [DEFAULT_THEME, HIGH_CONTRAST_THEME], ids=lambda t: t.name)
@pytest.mark.parametrize("focused", [False, True], ids=["plain", "focused"])
def test_choice_text_is_readable_over_the_worst_pixel_and_hides_the_picture(
    fonts: FontCache, theme: Theme, focused: bool
) -> None:
    size = (1280, 720)
    ctx = UIContext.create(theme, fonts, size, 1.0)
    choices = ChoiceList(CHOICES)
    choices.layout(ctx, scene_layout(ctx).choices)
    if focused:
        choices.focus(0)
    surface = stripes(size)
    choices.draw(surface)
    card = choices.buttons[0]
    _, text = card._colours()
    inset = ctx.metrics.radius + ctx.metrics.border + 1
    seen = card_pixels(surface, card.rect, inset)
    worst = min(contrast_ratio(text, pixel[:3]) for pixel in seen)  # type: ignore[arg-type]
    assert worst >= 4.5
    # Over black and white stripes the card's pixels differ by a few levels at most.
    spread = max(max(p[c] for p in seen) - min(p[c] for p in seen) for c in range(3))
    assert spread <= 8, f"the picture shows through the card ({spread} levels)"
