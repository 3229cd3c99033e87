"""What the console draws over the game: the badge, the timer, the meters and the notes."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.classroom.timer import DiscussionTimer

from ..draw import draw_panel
from ..text_layout import draw_lines, layout_text
from ..theme import Color, FontRole, Role, TextStyle
from ..widgets import UIContext
from .meters import MeterReading

BADGE = "Facilitator"
NO_NOTES = "No notes for this prompt."


def pill(ctx: UIContext, text: str, font: pygame.font.Font, colour: Color) -> pygame.Surface:
    """`text` in a rounded panel with an accent edge, sized to fit."""
    m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
    image = font.render(text, True, colour)
    pad_x, pad_y = m.text_px(sp.md), m.text_px(sp.xs)
    layer = pygame.Surface(
        (image.get_width() + 2 * pad_x, image.get_height() + 2 * pad_y), pygame.SRCALPHA
    )
    radius = min(m.radius, layer.get_height() // 2)
    draw_panel(layer, layer.get_rect(), p.panel, radius, p.accent, m.border * 2)
    layer.blit(image, (pad_x, pad_y))
    return layer


# A pill shorter than this cannot be read from the back of a room: it is left out instead.
MIN_BADGE_PX = 22


def draw_badge(
    surface: pygame.Surface,
    ctx: UIContext,
    mid_right: tuple[int, int],
    *,
    height: int | None = None,
) -> pygame.Rect | None:
    """The small "Facilitator" pill, so the room knows the mode is on; shrunk to `height` when
    given, and left out when that is too small to read (a page's panel then fills the window).
    Returns where it was drawn."""
    layer = pill(ctx, BADGE, ctx.font(TextStyle.SMALL), ctx.theme.palette.body_text)
    if height is not None and height < layer.get_height():
        if height < MIN_BADGE_PX:
            return None
        layer = pygame.transform.smoothscale_by(layer, height / layer.get_height())
    return surface.blit(layer, layer.get_rect(midright=mid_right))


def badge_rect(ctx: UIContext, mid_right: tuple[int, int]) -> pygame.Rect:
    """Where `draw_badge` puts the pill."""
    font = ctx.font(TextStyle.SMALL)
    return pill(ctx, BADGE, font, ctx.theme.palette.body_text).get_rect(midright=mid_right)


# The timer's figures against the heading size: big enough for the back row, small enough to
# sit in the top row beside the quick buttons, clear of the Discuss card and the choices.
TIMER_SIZE = 1.3


def timer_layer(ctx: UIContext, timer: DiscussionTimer) -> pygame.Surface:
    """The time left (or "+m:ss" over time) in a pill, with "paused" beside it when paused."""
    m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
    # Bold sans figures: the display face's old-style "1" reads as an "I" from afar.
    font = ctx.fonts.get(m.faces, FontRole.BOLD, round(m.font_px(TextStyle.HEADING) * TIMER_SIZE))
    figures = font.render(timer.text(), True, p.warning if timer.over else p.body_text)
    # Paused and over time show as words too, not by colour alone.
    word = "paused" if not timer.running else ("over time" if timer.over else "")
    note = ctx.font(TextStyle.SMALL).render(word, True, p.body_text) if word else None
    gap = m.text_px(sp.md) if note else 0
    width = figures.get_width() + gap + (note.get_width() if note else 0)
    pad_x, pad_y = m.text_px(sp.md), m.text_px(sp.xs)
    layer = pygame.Surface((width + 2 * pad_x, figures.get_height() + 2 * pad_y), pygame.SRCALPHA)
    radius = min(m.radius, layer.get_height() // 2)
    draw_panel(layer, layer.get_rect(), p.panel, radius, p.accent, m.border * 2)
    layer.blit(figures, (pad_x, pad_y))
    if note is not None:
        layer.blit(
            note, (pad_x + figures.get_width() + gap, (layer.get_height() - note.get_height()) // 2)
        )
    return layer


def draw_timer(
    surface: pygame.Surface, ctx: UIContext, timer: DiscussionTimer, row: pygame.Rect
) -> None:
    """The discussion timer at the left of `row`, no taller than it (when it has a height)."""
    layer = timer_layer(ctx, timer)
    if 0 < row.height < layer.get_height():
        # Kept inside the top row so it never covers the Discuss card or the choices.
        layer = pygame.transform.smoothscale_by(layer, row.height / layer.get_height())
    surface.blit(layer, (ctx.metrics.margin, row.top))


def card_rect(ctx: UIContext, surface: pygame.Surface, height: int) -> pygame.Rect:
    """A centred panel of `height` in the dialog width (never taller than the window)."""
    m = ctx.metrics
    width = min(surface.get_width() - 2 * m.margin, m.px(900))
    height = min(height, surface.get_height() - 2 * m.margin)
    return pygame.Rect(
        (surface.get_width() - width) // 2, (surface.get_height() - height) // 2, width, height
    )


def _panel(surface: pygame.Surface, ctx: UIContext, rect: pygame.Rect) -> None:
    m, p = ctx.metrics, ctx.theme.palette
    draw_panel(surface, surface.get_rect(), p.scrim, 0)
    # Opaque: the Discuss card or the story's words must not show through.
    draw_panel(surface, rect, (*p.rgb(Role.PANEL), 255), m.radius, p.accent, m.border * 2)


def _pad(ctx: UIContext) -> int:
    return ctx.metrics.px(ctx.theme.spacing.xl)


def _heading(surface: pygame.Surface, ctx: UIContext, text: str, rect: pygame.Rect) -> int:
    """The panel's heading at its top left and "Esc closes" at its top right; its height."""
    pad = _pad(ctx)
    image = ctx.font(TextStyle.HEADING).render(text, True, ctx.theme.palette.body_text)
    surface.blit(image, (rect.x + pad, rect.y + pad))
    hint = ctx.font(TextStyle.SMALL).render("Esc closes", True, ctx.theme.palette.muted_text)
    surface.blit(hint, hint.get_rect(topright=(rect.right - pad, rect.y + pad)))
    return image.get_height()


def draw_meters(surface: pygame.Surface, ctx: UIContext, meters: Sequence[MeterReading]) -> None:
    """Each meter as a bar with its word and its numbers, in a panel over the game."""
    m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
    label_font, word_font = ctx.font(TextStyle.BODY), ctx.font(TextStyle.HEADING)
    pad, gap = _pad(ctx), m.px(sp.lg)
    bar_h = m.text_px(sp.md)
    row_h = max(label_font.get_linesize(), word_font.get_linesize()) + m.px(sp.sm) + bar_h
    head = ctx.font(TextStyle.HEADING).get_linesize()
    rows = max(1, len(meters))
    rect = card_rect(ctx, surface, 2 * pad + head + rows * (row_h + gap))
    _panel(surface, ctx, rect)
    x, y = rect.x + pad, rect.y + pad
    inner = rect.width - 2 * pad
    y += _heading(surface, ctx, "Meters now", rect) + gap
    if not meters:
        surface.blit(label_font.render("This story has no meters.", True, p.body_text), (x, y))
    for meter in meters:
        if y + row_h > rect.bottom - pad:
            break  # the panel is as tall as the window allows
        word = word_font.render(f"{meter.word} · {meter.numbers}", True, p.body_text)
        label = label_font.render(meter.label, True, p.body_text)
        surface.blit(label, (x, y))
        surface.blit(word, (x + inner - word.get_width(), y))
        bar_y = y + max(label.get_height(), word.get_height()) + m.px(sp.sm)
        track = pygame.Rect(x, bar_y, inner, bar_h)
        draw_panel(surface, track, p.track, bar_h // 2, p.panel_edge, m.border)
        fill = track.copy()
        fill.width = max(bar_h, round(inner * meter.fraction)) if meter.fraction > 0 else 0
        draw_panel(surface, fill, p.accent, bar_h // 2)
        y += row_h + gap


def draw_notes(surface: pygame.Surface, ctx: UIContext, notes: str | None) -> None:
    """The facilitator's notes for the current prompt, or a plain line saying there are none."""
    m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
    font = ctx.font(TextStyle.BODY)
    pad, gap = _pad(ctx), m.px(sp.lg)
    width = card_rect(ctx, surface, 0).width - 2 * pad
    block = layout_text(notes or NO_NOTES, font, width)
    head = ctx.font(TextStyle.HEADING).get_linesize()
    rect = card_rect(ctx, surface, 2 * pad + head + gap + block.height)
    _panel(surface, ctx, rect)
    x, y = rect.x + pad, rect.y + pad
    y += _heading(surface, ctx, "Facilitator notes", rect) + gap
    colour = p.body_text if notes else p.muted_text
    room = rect.bottom - pad - y
    lines = [line for line in block.lines if line.y + block.line_height <= room]
    draw_lines(surface, font, lines, colour, (x, y), line_height=block.line_height)


def draw_blank(surface: pygame.Surface, ctx: UIContext) -> None:
    """The blanked screen: the theme's darkest colour, nothing else."""
    r, g, b = ctx.theme.palette.window
    surface.fill((r // 4, g // 4, b // 4))
