"""Where things go: rows of buttons that fit a width, and the scene screen's geometry.

The scene's layout is computed here once, for the scene screen and for the tests that check
every line of the story fits it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from ..text_layout import layout_text
from ..theme import RGBA, Color, TextStyle
from .base import UIContext, button_colours, ring_room, widget_gap
from .buttons import Button
from .choices import ChoiceList
from .textbox import TextBox


def fit_buttons(
    ctx: UIContext, buttons: Sequence[Button], width: int
) -> tuple[list[list[tuple[Button, int]]], int]:
    """Arrange buttons in centred rows that fit `width`: ([[(button, width)]], total height).

    Each button gets its natural width (at least a comfortable minimum); a label too long for
    the whole row wraps inside a full-width button.
    """
    gap = widget_gap(ctx)
    least = ctx.metrics.text_px(ctx.theme.spacing.button_min_width)
    rows: list[list[tuple[Button, int]]] = []
    row: list[tuple[Button, int]] = []
    used = 0
    for b in buttons:
        w = min(width, max(least, b.natural_width(ctx)))
        if row and used + gap + w > width:
            rows.append(row)
            row, used = [], 0
        used += (gap if row else 0) + w
        row.append((b, w))
    if row:
        rows.append(row)
    height = sum(_row_height(ctx, r) for r in rows) + gap * max(0, len(rows) - 1)
    return rows, height


def _row_height(ctx: UIContext, row: list[tuple[Button, int]]) -> int:
    """The tallest button of a row at the width it was given."""
    return max(b.measure(ctx, w) for b, w in row)


def place_buttons(ctx: UIContext, buttons: Sequence[Button], rect: pygame.Rect) -> int:
    """Lay buttons out in centred rows inside `rect` (from its top); returns the height used."""
    rows, _ = fit_buttons(ctx, buttons, rect.width)
    gap = widget_gap(ctx)
    y = rect.top
    for r in rows:
        h = _row_height(ctx, r)
        total = sum(w for _, w in r) + gap * (len(r) - 1)
        x = rect.left + (rect.width - total) // 2
        for b, w in r:
            b.layout(ctx, pygame.Rect(x, y, w, h))
            x += w + gap
        y += h + gap
    return max(0, y - gap - rect.top)


@dataclass(frozen=True)
class SceneLayout:
    """Where the scene screen's parts go for one window: text box, name plate row and choices."""

    text_box: pygame.Rect
    choices: pygame.Rect


def scene_layout(ctx: UIContext, *, text_box: bool = True) -> SceneLayout:
    """The text box along the bottom and the choices above it, sized by window and reading scale.

    With `text_box=False` (choices on their own) the choice area takes the whole window.
    """
    m, sp = ctx.metrics, ctx.theme.spacing
    margin = m.margin
    pad_x, pad_y = m.text_px(sp.xl), m.text_px(sp.lg)
    line_h = ctx.line_height(TextStyle.BODY)
    plate_h = TextBox.plate_height(ctx)
    width = min(m.width - 2 * margin, m.content_width + 2 * pad_x)
    inner = max(sp.text_box_min_lines * line_h, round(m.height * 0.15))
    max_total = round(m.height * sp.text_box_max_height)
    # Never smaller than one line plus padding: pagination takes care of the rest.
    inner = max(line_h, min(inner, max_total - 2 * pad_y - plate_h))
    height = inner + 2 * pad_y
    box = pygame.Rect((m.width - width) // 2, m.height - margin - height, width, height)
    if not text_box:
        return SceneLayout(
            box, pygame.Rect(margin, margin, m.width - 2 * margin, m.height - 2 * margin)
        )
    top_of_plate = box.top - TextBox.plate_room(ctx)
    choices_h = max(1, top_of_plate - m.px(sp.lg) - margin)
    return SceneLayout(box, pygame.Rect(margin, margin, m.width - 2 * margin, choices_h))


QUICK_LABELS = ("Back", "History", "Skip", "Auto", "Menu")


class QuickButton(Button):
    """One of the small mouse buttons along the top right (each also has its own key).

    Padded less than a choice: the band they make along the top is height the choices do
    not get, which counts with projector-sized text. The label keeps the reading size.
    """

    focusable = False  # each has its own key; these are for the mouse

    def __init__(self, label: str, action: object = None) -> None:
        assert action is None or callable(action)
        super().__init__(label, action, style=TextStyle.SMALL, align="center")

    def _pad(self, ctx: UIContext) -> tuple[int, int]:
        return ctx.pads(ctx.theme.spacing.md, ctx.theme.spacing.sm)

    on = False  # a mode that is on (Skip, Auto) shows pressed

    def _colours(self) -> tuple[RGBA, Color]:
        return button_colours(
            self._context().theme.palette,
            lit=self.hovered,
            pressed=self.pressed or self.on,
            enabled=self.enabled,
        )


@dataclass(frozen=True)
class SceneGeometry:
    """Where the scene screen's parts go: one window, reading size and state of play."""

    text_box: pygame.Rect  # the text box itself (its name plate sits on top of it)
    quick: tuple[pygame.Rect, ...]  # the quick buttons, in QUICK_LABELS order
    band: pygame.Rect  # the strip along the top that holds the quick buttons
    choices: pygame.Rect  # the choices' (or the Discuss card's) area


def scene_geometry(
    ctx: UIContext,
    size: tuple[int, int],
    box_text: str | None,
    *,
    choosing: bool,
    discuss: bool = False,
    speaker: bool = False,
) -> SceneGeometry:
    """The scene screen's layout, as `SceneScreen.relayout` applies it (and tests check it).

    `box_text` is the text box's text, or None when the box is hidden; `choosing` is true
    while choices are on screen, `discuss` while the facilitator's Discuss card is, and
    `speaker` when the box has a name plate (a speaker's line rather than narration).
    """
    m, sp = ctx.metrics, ctx.theme.spacing
    layout = scene_layout(ctx)
    box = pygame.Rect(layout.text_box)
    pad_y = m.text_px(sp.lg)
    lh = ctx.line_height(TextStyle.BODY)
    plate = TextBox.plate_room(ctx)
    quick, band = _quick_buttons(ctx, size)
    if not choosing:
        # Reading: at least three lines and the page hint, when the window allows; a line
        # longer than that grows the box into the free room above before it takes pages.
        want = 3 * lh + ctx.line_height(TextStyle.SMALL) + 2 * pad_y
        cap = round(size[1] * sp.text_box_reading_max) - plate
        height = max(box.height, min(want, cap))
        if box_text is not None:
            pad_x = m.text_px(sp.xl)
            block = layout_text(
                box_text, ctx.font(TextStyle.BODY), box.width - 2 * pad_x, line_height=lh
            )
            free = box.bottom - band.bottom - plate - m.px(sp.sm)
            height = max(height, min(block.height + 2 * pad_y, free))
        box = pygame.Rect(box.left, box.bottom - height, box.width, height)
    elif box_text is not None:
        # While choosing, the box only needs the line it shows: the rest of its height goes
        # to the choices, which matters with projector-sized text.
        pad_x = m.text_px(sp.xl)
        block = layout_text(
            box_text, ctx.font(TextStyle.BODY), box.width - 2 * pad_x, line_height=lh
        )
        needed = max(lh, block.height) + 2 * pad_y
        if needed < box.height:
            box = pygame.Rect(box.left, box.bottom - needed, box.width, needed)
    area = pygame.Rect(layout.choices)
    if box_text is None or discuss:
        # The Discuss card stands alone: the group has read the line, now they talk.
        area.height = layout.text_box.bottom - area.top
    elif choosing:
        # The choices reach down to the box (to its name plate, for a speaker's line): the
        # plate's room is not kept for narration, and a shrunken box gives back its height.
        room = plate if speaker else 0
        area.height = max(1, box.top - room - m.px(sp.sm) - area.top)
    # The choices keep their own room for focus rings, which parts them from the band.
    cut = band.bottom - area.top
    if cut > 0:
        area.top += cut
        area.height = max(1, area.height - cut)
    return SceneGeometry(box, quick, band, area)


def _quick_buttons(
    ctx: UIContext, size: tuple[int, int]
) -> tuple[tuple[pygame.Rect, ...], pygame.Rect]:
    """The quick buttons' rectangles along the top right, and the band they make."""
    m = ctx.metrics
    ring = ring_room(ctx)
    top = m.px(ctx.theme.spacing.md) + ring
    x = size[0] - m.margin
    height = 0
    quick: list[pygame.Rect] = []
    for label in reversed(QUICK_LABELS):
        b = QuickButton(label)
        w = b.natural_width(ctx)
        h = b.measure(ctx, w)
        x -= w
        quick.insert(0, pygame.Rect(x, top, w, h))
        x -= 2 * ring
        height = max(height, h)
    return tuple(quick), pygame.Rect(0, 0, size[0], top + height)


@dataclass(frozen=True)
class ChoiceFit:
    """How a choice list fits the scene: the geometry, whether the text box stays, and whether
    the list is spaced tightly."""

    geometry: SceneGeometry
    show_box: bool
    compact: bool


def fit_choices(
    ctx: UIContext,
    size: tuple[int, int],
    box_text: str | None,
    choices: ChoiceList,
    *,
    speaker: bool = False,
) -> ChoiceFit:
    """Lay `choices` out whole, giving up room step by step until every option shows: the line
    being answered (it stays in the History), then spacing. Never a scrolling list."""
    fit: ChoiceFit | None = None
    for show_box, compact in ((box_text is not None, False), (False, False), (False, True)):
        geometry = scene_geometry(
            ctx, size, box_text if show_box else None, choosing=True, speaker=speaker
        )
        choices.compact = compact
        choices.layout(ctx, geometry.choices)
        fit = ChoiceFit(geometry, show_box, compact)
        if choices.max_scroll == 0:
            break
    assert fit is not None
    return fit
