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
from .textbox import SENTENCE_ENDS, TextBox, box_pads


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
    caption: bool = False,
) -> SceneGeometry:
    """The scene screen's layout, as `SceneScreen.relayout` applies it (and tests check it).

    `box_text` is the text box's text, or None when the box is hidden; `choosing` is true
    while choices are on screen, `discuss` while the facilitator's Discuss card is, and
    `speaker` when the box has a name plate (a speaker's line rather than narration), and
    `caption` when, at a choice, the box shows the line's end in small type with no plate.
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
        style = TextStyle.SMALL if caption else TextStyle.BODY
        pad_x, pad_y = box_pads(ctx, caption=caption)
        style_h = ctx.line_height(style)
        block = layout_text(box_text, ctx.font(style), box.width - 2 * pad_x, line_height=style_h)
        needed = max(style_h, block.height) + 2 * pad_y
        if needed < box.height:
            box = pygame.Rect(box.left, box.bottom - needed, box.width, needed)
    area = pygame.Rect(layout.choices)
    if box_text is None or discuss:
        # The Discuss card stands alone: the group has read the line, now they talk.
        area.height = layout.text_box.bottom - area.top
    elif choosing:
        # The choices reach down to the box (to its name plate, for a speaker's line): the
        # plate's room is not kept for narration, and a shrunken box gives back its height.
        # A caption leans on the choices' own room for focus rings, with no gap of its own.
        room = 0 if caption else (plate if speaker else 0) + m.px(sp.sm)
        area.height = max(1, box.top - room - area.top)
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
    """How a choice list fits the scene: the geometry, what the text box shows (the line being
    answered, its end, or None), whether as a small caption, and whether the list is tight."""

    geometry: SceneGeometry
    box_text: str | None
    compact: bool
    caption: bool = False

    @property
    def show_box(self) -> bool:
        """Whether the text box shows at all."""
        return self.box_text is not None


ELLIPSIS = "…"


def line_endings(ctx: UIContext, text: str) -> list[str]:
    """`text`, then shorter ends of it for a box short of room: its last sentence, then its
    last line as the box wraps it, each after "…" (the whole line stays in the History)."""
    out = [text]
    last = _last_sentence(text)
    if last != text:
        out.append(ELLIPSIS + " " + last)
    pad_x = ctx.metrics.text_px(ctx.theme.spacing.xl)
    width = scene_layout(ctx).text_box.width - 2 * pad_x
    lines = layout_text(text, ctx.font(TextStyle.BODY), max(1, width)).lines
    tail = lines[-1].text.strip() if lines else ""
    if len(lines) > 1 and tail and ELLIPSIS + " " + tail not in out:
        out.append(ELLIPSIS + " " + tail)
    return out


def _last_sentence(text: str) -> str:
    """The last sentence of `text` (all of it when it is one sentence)."""
    body = text.rstrip()
    words = body.split(" ")
    for i in range(len(words) - 2, -1, -1):
        if words[i].endswith(SENTENCE_ENDS):
            return " ".join(words[i + 1 :])
    return body


def _shows_whole(ctx: UIContext, box: pygame.Rect, text: str | None, caption: bool) -> bool:
    """Whether `text` fits the box on one page (a choice never shows "page 3 / 4" of its line)."""
    if text is None:
        return True
    style = TextStyle.SMALL if caption else TextStyle.BODY
    pad_x, pad_y = box_pads(ctx, caption=caption)
    lh = ctx.line_height(style)
    block = layout_text(text, ctx.font(style), max(1, box.width - 2 * pad_x), line_height=lh)
    return block.height <= box.height - 2 * pad_y


def fit_choices(
    ctx: UIContext,
    size: tuple[int, int],
    box_text: str | None,
    choices: ChoiceList,
    *,
    speaker: str | None = None,
) -> ChoiceFit:
    """Lay `choices` out whole, giving up room step by step until every option shows: spacing,
    then the start of the line being answered (its end stays, so the room keeps the question),
    then its size (a caption naming `speaker`), then the line. Never a scrolling list."""
    texts = line_endings(ctx, box_text) if box_text is not None else []
    steps: list[tuple[str | None, bool, bool]] = [
        (text, compact, False) for text in texts for compact in (False, True)
    ]
    name = f"{speaker}: " if speaker else ""
    steps += [(name + text, True, True) for text in texts]
    fit: ChoiceFit | None = None
    for text, compact, caption in [*steps, (None, True, False)]:
        geometry = scene_geometry(
            ctx, size, text, choosing=True, speaker=bool(speaker), caption=caption
        )
        choices.compact = compact
        choices.layout(ctx, geometry.choices)
        fit = ChoiceFit(geometry, text, compact, caption)
        if choices.max_scroll == 0 and _shows_whole(ctx, geometry.text_box, text, caption):
            break
    assert fit is not None
    return fit
