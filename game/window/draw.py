"""Small drawing helpers shared by widgets: translucent rounded panels, focus rings, shapes.

Shapes that carry meaning (the focus ring, the "more" cue, scroll hints) are drawn as
geometry rather than font glyphs, so they look the same in every bundled font.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import pygame

from .theme import RGBA, Color, Metrics, Palette

_PANELS: OrderedDict[tuple[object, ...], pygame.Surface] = OrderedDict()
_MAX_PANELS = 64


def rounded_panel(
    size: tuple[int, int],
    fill: RGBA | Color,
    radius: int,
    edge: RGBA | Color | None = None,
    edge_width: int = 1,
) -> pygame.Surface:
    """A (cached) surface holding a rounded rectangle, translucent when `fill` has alpha."""
    key = (size, tuple(fill), radius, tuple(edge) if edge else None, edge_width)
    hit = _PANELS.get(key)
    if hit is not None:
        _PANELS.move_to_end(key)
        return hit
    w, h = max(1, size[0]), max(1, size[1])
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    r = max(0, min(radius, w // 2, h // 2))
    pygame.draw.rect(surface, fill, surface.get_rect(), border_radius=r)
    if edge is not None and edge_width > 0:
        pygame.draw.rect(surface, edge, surface.get_rect(), width=edge_width, border_radius=r)
    _PANELS[key] = surface
    while len(_PANELS) > _MAX_PANELS:
        _PANELS.popitem(last=False)
    return surface


def draw_panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    fill: RGBA | Color,
    radius: int,
    edge: RGBA | Color | None = None,
    edge_width: int = 1,
) -> None:
    """Draw a rounded, possibly translucent rectangle."""
    if rect.width <= 0 or rect.height <= 0:
        return
    surface.blit(rounded_panel(rect.size, fill, radius, edge, edge_width), rect.topleft)


def draw_focus_ring(
    surface: pygame.Surface, rect: pygame.Rect, metrics: Metrics, palette: Palette, radius: int
) -> None:
    """A thick outline around `rect`, with a dark halo on both sides so it shows on any picture."""
    ring = metrics.focus_ring
    halo = max(1, ring // 2)
    gap = metrics.focus_gap
    outer = rect.inflate(2 * (gap + ring + halo), 2 * (gap + ring + halo))
    middle = rect.inflate(2 * (gap + ring), 2 * (gap + ring))
    inner = rect.inflate(2 * gap, 2 * gap)
    pygame.draw.rect(
        surface, palette.focus_halo, outer, width=halo, border_radius=radius + gap + ring + halo
    )
    pygame.draw.rect(surface, palette.focus, middle, width=ring, border_radius=radius + gap + ring)
    if gap > 0:
        pygame.draw.rect(
            surface, palette.focus_halo, inner, width=min(halo, gap), border_radius=radius + gap
        )


def draw_focus_marker(
    surface: pygame.Surface, rect: pygame.Rect, metrics: Metrics, palette: Palette
) -> None:
    """A solid bar inside the left edge of a focused item: focus shown by shape, not colour."""
    width = metrics.focus_marker
    inset = max(2, rect.height // 6)
    bar = pygame.Rect(
        rect.left + max(2, width // 2), rect.top + inset, width, rect.height - 2 * inset
    )
    pygame.draw.rect(surface, palette.focus, bar, border_radius=width // 2)


def draw_triangle(
    surface: pygame.Surface, center: tuple[int, int], size: int, colour: Color, direction: str
) -> None:
    """A small solid triangle pointing "up", "down", "left" or "right"."""
    cx, cy = center
    s = max(2, size)
    points = {
        "down": [(cx - s, cy - s // 2), (cx + s, cy - s // 2), (cx, cy + s // 2 + s // 3)],
        "up": [(cx - s, cy + s // 2), (cx + s, cy + s // 2), (cx, cy - s // 2 - s // 3)],
        "right": [(cx - s // 2, cy - s), (cx - s // 2, cy + s), (cx + s // 2 + s // 3, cy)],
        "left": [(cx + s // 2, cy - s), (cx + s // 2, cy + s), (cx - s // 2 - s // 3, cy)],
    }[direction]
    pygame.draw.polygon(surface, colour, points)
    pygame.draw.aalines(surface, colour, True, points)  # smooth the slanted edges


@contextmanager
def clipped(surface: pygame.Surface, rect: pygame.Rect) -> Iterator[None]:
    """Draw only inside `rect` (and any clip already set) for the `with` block."""
    previous = surface.get_clip()
    surface.set_clip(rect.clip(previous) if previous else rect)
    try:
        yield
    finally:
        surface.set_clip(previous)


def scaled_thumbnail(surface: pygame.Surface, width: int) -> pygame.Surface:
    """A smooth-scaled copy `width` pixels wide keeping the aspect ratio (save thumbnails)."""
    w, h = surface.get_size()
    width = max(1, width)
    height = max(1, round(h * width / max(1, w)))
    src = surface
    if src.get_bitsize() < 24:
        src = src.convert(24) if pygame.display.get_surface() is not None else src
    # Halving first keeps smoothscale's box filter from aliasing on 4K frames.
    while src.get_width() >= 4 * width:
        src = pygame.transform.smoothscale(src, (src.get_width() // 2, src.get_height() // 2))
    return pygame.transform.smoothscale(src, (width, height))


def clear_caches() -> None:
    """Drop cached panel surfaces (after a theme change)."""
    _PANELS.clear()
