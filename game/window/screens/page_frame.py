"""Where a page's parts go: panel, heading, scrolling body, and the footer or corner button.

A pure function of the window, the theme and the page's contents, like the scene's layout, so
the page screen only applies it and tests can check it without drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from ..text_layout import TextBlock, layout_text
from ..theme import TextStyle
from ..widgets import Button, UIContext, fit_buttons, ring_room


@dataclass(frozen=True)
class PageFrame:
    """A page laid out: every rect in window coordinates."""

    panel: pygame.Rect
    heading: TextBlock | None
    heading_at: tuple[int, int]
    viewport: pygame.Rect  # the scrolling body, with room for focus rings
    bar_offset: int  # the scrollbar's place in the panel's right padding
    corner: Button | None  # the one button drawn beside the heading, if it fits there
    corner_rect: pygame.Rect | None
    footer_area: pygame.Rect | None  # where the footer buttons go (None with a corner)


def panel_width(ctx: UIContext, size: tuple[int, int], *, narrow: bool) -> int:
    """The panel's width for this window: the dialog width for narrow pages."""
    m, sp = ctx.metrics, ctx.theme.spacing
    pad_x = m.text_px(sp.xl)
    column = m.text_px(sp.dialog_width) if narrow else m.content_width
    return max(1, min(size[0] - 2 * m.margin, column + 2 * pad_x))


def vertical_margin(ctx: UIContext) -> int:
    """Space above and below a page's panel."""
    return max(ctx.metrics.px(ctx.theme.spacing.md), ctx.metrics.margin // 2)


def page_frame(
    ctx: UIContext,
    size: tuple[int, int],
    heading: str | None,
    footer: Sequence[Button],
    *,
    narrow: bool,
    corner: bool,
    body_height: Callable[[int], int] | None,
) -> PageFrame:
    """Lay a page out; `body_height(width)` measures the body for pages that fit their
    content (None: the panel takes the window's height)."""
    m, sp = ctx.metrics, ctx.theme.spacing
    w, h = size
    # Vertical room is the scarce kind (16:9 windows, big text): pages use it sparingly.
    pad_x, pad_y = m.text_px(sp.xl), m.text_px(sp.md)
    gap = m.text_px(sp.md)
    ring = ring_room(ctx)
    width = panel_width(ctx, size, narrow=narrow)
    inner_w = max(1, width - 2 * pad_x)
    # A page's only button (Back, Close) sits beside the heading, leaving the height to the
    # body; it drops back to the footer when the heading would be squeezed too narrow.
    side = footer[0] if corner and len(footer) == 1 else None
    side_w = side.natural_width(ctx) if side is not None else 0
    heading_w = ctx.font(TextStyle.HEADING).size(heading)[0] if heading else 0
    if side is not None and heading and heading_w + side_w + 2 * gap > inner_w:
        side = None
    head_w = inner_w - (side_w + gap if side is not None else 0)
    block = (
        layout_text(
            heading,
            ctx.font(TextStyle.HEADING),
            max(1, head_w),
            line_height=ctx.line_height(TextStyle.HEADING),
        )
        if heading
        else None
    )
    side_h = side.measure(ctx, side_w) if side is not None else 0
    head_h = max(block.height if block else 0, side_h)
    head_h = head_h + gap if head_h else 0
    buttons = [] if side is not None else list(footer)
    _, foot_h = fit_buttons(ctx, buttons, inner_w) if buttons else ([], 0)
    foot_block = foot_h + gap + 2 * ring if buttons else 0
    max_h = max(1, h - 2 * vertical_margin(ctx))
    fixed = 2 * pad_y + head_h + foot_block
    room = max(ctx.line_height(TextStyle.BODY) * 2, max_h - fixed)
    if body_height is not None:
        body_h = max(0, min(room, body_height(inner_w + 2 * ring) - 2 * ring))
        panel_h = min(max_h, fixed + body_h)
    else:
        panel_h = max_h
    panel = pygame.Rect((w - width) // 2, (h - panel_h) // 2, width, panel_h)
    top = panel.top + pad_y
    heading_at = (panel.left + pad_x, top)
    body_top = top + head_h
    body_bottom = panel.bottom - pad_y - foot_block
    viewport = pygame.Rect(
        panel.left + pad_x - ring,
        body_top - ring,
        inner_w + 2 * ring,
        max(1, body_bottom - body_top + 2 * ring),
    )
    side_rect = None
    if side is not None:
        side_rect = pygame.Rect(panel.right - pad_x - side_w, top, side_w, side_h)
        if block is not None and side_h > block.line_height:
            heading_at = (heading_at[0], top + (side_h - block.height) // 2)  # centred on it
    footer_area = None
    if buttons:
        footer_area = pygame.Rect(
            panel.left + pad_x, panel.bottom - pad_y - ring - foot_h, inner_w, foot_h
        )
    return PageFrame(
        panel,
        block,
        heading_at,
        viewport,
        max(0, (pad_x - ring) // 2),
        side,
        side_rect,
        footer_area,
    )
