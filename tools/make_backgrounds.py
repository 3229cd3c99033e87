"""Draw the game's background pictures: one calm, flat-shaded PNG per location.

Run it from the repo root (`.venv/bin/python tools/make_backgrounds.py`); it needs pygame only,
no network, and draws the same pixels every time (each picture has its own fixed seed).
Every scene is drawn on a 2× canvas and scaled down, which anti-aliases every edge for free.

The style, shared by all pictures: soft vertical gradients, one clear light source (a window,
a lamp, the sun or a screen) added as a glow, and simple flat shapes that say where and when
we are. The lower third stays quiet (floor, ground, a counter front) because the text box sits
there.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # (the environment above must be set before pygame is imported)

Color = tuple[int, int, int]
Point = tuple[float, float]

WIDTH, HEIGHT = 1920, 1080
SUPERSAMPLE = 2
OUT_DIR = Path(__file__).resolve().parents[1] / "assets" / "images"


def lerp(a: float, b: float, t: float) -> float:
    """Linear interpolation."""
    return a + (b - a) * t


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend two colours, t=0 gives a."""
    t = min(1.0, max(0.0, t))
    return (round(lerp(a[0], b[0], t)), round(lerp(a[1], b[1], t)), round(lerp(a[2], b[2], t)))


def smoothstep(t: float) -> float:
    """Ease 0→1 with flat ends, for gentle gradients."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


class Canvas:
    """A supersampled drawing surface addressed in 1920×1080 design coordinates."""

    def __init__(self, seed_name: str) -> None:
        self.s = SUPERSAMPLE
        self.surface = pygame.Surface((WIDTH * self.s, HEIGHT * self.s))
        # The seed comes from the name so each picture is stable however many are drawn.
        self.rng = random.Random(zlib.crc32(seed_name.encode()))
        self._falloff = _falloff_texture()

    # -- coordinates ----------------------------------------------------------------------------

    def r(self, x: float, y: float, w: float, h: float) -> pygame.Rect:
        """A design-space rectangle in canvas pixels."""
        s = self.s
        return pygame.Rect(round(x * s), round(y * s), max(1, round(w * s)), max(1, round(h * s)))

    def p(self, points: Sequence[Point]) -> list[tuple[int, int]]:
        """Design-space points in canvas pixels."""
        return [(round(x * self.s), round(y * self.s)) for x, y in points]

    # -- primitives -----------------------------------------------------------------------------

    def gradient(
        self, rect: tuple[float, float, float, float], stops: Sequence[tuple[float, Color]]
    ) -> None:
        """Fill a rectangle with a vertical gradient through (position 0..1, colour) stops."""
        target = self.r(*rect)
        column = pygame.Surface((1, target.height))
        for y in range(target.height):
            column.set_at((0, y), _gradient_at(stops, y / max(1, target.height - 1)))
        self.surface.blit(pygame.transform.scale(column, target.size), target.topleft)

    def rounded_gradient(
        self,
        rect: tuple[float, float, float, float],
        stops: Sequence[tuple[float, Color]],
        radius: float,
    ) -> None:
        """A vertical gradient inside a rounded rectangle (a lit screen)."""
        target = self.r(*rect)
        column = pygame.Surface((1, target.height))
        for y in range(target.height):
            t = y / max(1, target.height - 1)
            column.set_at((0, y), _gradient_at(stops, t))
        layer = pygame.Surface(target.size, pygame.SRCALPHA)
        layer.blit(pygame.transform.scale(column, target.size), (0, 0))
        mask = pygame.Surface(target.size, pygame.SRCALPHA)
        pygame.draw.rect(
            mask, (255, 255, 255, 255), mask.get_rect(), border_radius=round(radius * self.s)
        )
        layer.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        self.surface.blit(layer, target.topleft)

    def rect(
        self, rect: tuple[float, float, float, float], color: Color, radius: float = 0
    ) -> None:
        """An opaque rectangle, optionally with rounded corners."""
        pygame.draw.rect(self.surface, color, self.r(*rect), border_radius=round(radius * self.s))

    def shade(
        self, rect: tuple[float, float, float, float], color: Color, alpha: int, radius: float = 0
    ) -> None:
        """A translucent rectangle (shadows, reflections, panes of glass)."""
        target = self.r(*rect)
        layer = pygame.Surface(target.size, pygame.SRCALPHA)
        pygame.draw.rect(
            layer, (*color, alpha), layer.get_rect(), border_radius=round(radius * self.s)
        )
        self.surface.blit(layer, target.topleft)

    def polygon(self, points: Sequence[Point], color: Color, alpha: int = 255) -> None:
        """A filled polygon, translucent when alpha < 255."""
        pts = self.p(points)
        if alpha >= 255:
            pygame.draw.polygon(self.surface, color, pts)
            return
        layer = pygame.Surface(self.surface.get_size(), pygame.SRCALPHA)
        pygame.draw.polygon(layer, (*color, alpha), pts)
        self.surface.blit(layer, (0, 0))

    def ellipse(
        self, rect: tuple[float, float, float, float], color: Color, alpha: int = 255
    ) -> None:
        """A filled ellipse, translucent when alpha < 255."""
        target = self.r(*rect)
        if alpha >= 255:
            pygame.draw.ellipse(self.surface, color, target)
            return
        layer = pygame.Surface(target.size, pygame.SRCALPHA)
        pygame.draw.ellipse(layer, (*color, alpha), layer.get_rect())
        self.surface.blit(layer, target.topleft)

    def circle(self, center: Point, radius: float, color: Color, alpha: int = 255) -> None:
        """A filled circle."""
        cx, cy = center
        self.ellipse((cx - radius, cy - radius, radius * 2, radius * 2), color, alpha)

    def line(self, a: Point, b: Point, color: Color, width: float = 2) -> None:
        """A straight line."""
        pa, pb = self.p([a, b])
        pygame.draw.line(self.surface, color, pa, pb, max(1, round(width * self.s)))

    def glow(
        self, center: Point, radius: float, color: Color, strength: float = 1.0, squash: float = 1.0
    ) -> None:
        """Add light: a soft radial falloff, added to what is there (lamps, suns, screens)."""
        w = max(2, round(radius * 2 * self.s))
        h = max(2, round(radius * 2 * self.s * squash))
        light = pygame.transform.smoothscale(self._falloff, (w, h))
        tint = tuple(min(255, round(c * strength)) for c in color)
        light.fill(tint, special_flags=pygame.BLEND_RGB_MULT)
        cx, cy = center
        self.surface.blit(
            light,
            (round(cx * self.s - w / 2), round(cy * self.s - h / 2)),
            special_flags=pygame.BLEND_RGB_ADD,
        )

    def darken(self, center: Point, radius: float, amount: float, squash: float = 1.0) -> None:
        """Remove light softly (a vignette or a shadow pool)."""
        w = max(2, round(radius * 2 * self.s))
        h = max(2, round(radius * 2 * self.s * squash))
        shadow = pygame.transform.smoothscale(self._falloff, (w, h))
        v = min(255, round(255 * amount))
        shadow.fill((v, v, v), special_flags=pygame.BLEND_RGB_MULT)
        cx, cy = center
        self.surface.blit(
            shadow,
            (round(cx * self.s - w / 2), round(cy * self.s - h / 2)),
            special_flags=pygame.BLEND_RGB_SUB,
        )

    def finish(self) -> pygame.Surface:
        """The picture at 1920×1080."""
        return pygame.transform.smoothscale(self.surface, (WIDTH, HEIGHT))


def _gradient_at(stops: Sequence[tuple[float, Color]], t: float) -> Color:
    """The colour at position t of a gradient given as (position, colour) stops."""
    for (p0, c0), (p1, c1) in itertools.pairwise(stops):
        if p0 <= t <= p1:
            return mix(c0, c1, smoothstep((t - p0) / max(1e-6, p1 - p0)))
    return stops[-1][1] if t > stops[-1][0] else stops[0][1]


_FALLOFF: pygame.Surface | None = None


def _falloff_texture() -> pygame.Surface:
    """A grey disc, white in the middle fading smoothly to black at the rim."""
    global _FALLOFF
    if _FALLOFF is None:
        size = 256
        tex = pygame.Surface((size, size))
        c = (size - 1) / 2
        for y in range(size):
            for x in range(size):
                d = math.hypot(x - c, y - c) / c
                v = 0.0 if d >= 1 else (1 - d) ** 2 * (1 + 2 * d) * (1 - d * 0.2)
                g = round(255 * max(0.0, min(1.0, v)))
                tex.set_at((x, y), (g, g, g))
        _FALLOFF = tex
    return _FALLOFF


# --- reusable scenery ---------------------------------------------------------------------------


def skyline(
    c: Canvas,
    x0: float,
    x1: float,
    base: float,
    low: float,
    high: float,
    color: Color,
    lit: Sequence[Color] = (),
    lit_chance: float = 0.0,
    min_w: float = 60,
    max_w: float = 150,
) -> None:
    """A row of flat buildings standing on `base`, with a few lit windows."""
    x = x0
    while x < x1:
        w = c.rng.uniform(min_w, max_w)
        h = c.rng.uniform(low, high)
        c.rect((x, base - h, w + 1, h), color)
        if c.rng.random() < 0.25:  # a roof box or antenna keeps the line from looking like bars
            c.rect((x + w * 0.3, base - h - 18, w * 0.25, 18), color)
        if lit:
            for wy in range(int(base - h + 16), int(base - 14), 22):
                for wx in range(int(x + 10), int(x + w - 14), 20):
                    if c.rng.random() < lit_chance:
                        c.rect((wx, wy, 9, 12), c.rng.choice(lit))
        x += w + c.rng.uniform(2, 14)


def window_view(
    c: Canvas,
    rect: tuple[float, float, float, float],
    frame: Color,
    frame_w: float,
    draw_view: Callable[[Canvas, tuple[float, float, float, float]], None],
    panes: tuple[int, int] = (2, 2),
    sill: Color | None = None,
) -> None:
    """A window: the view inside, then a frame and mullions over it."""
    x, y, w, h = rect
    # The view is clipped to the opening so trees and towers do not spill onto the wall.
    previous = c.surface.get_clip()
    c.surface.set_clip(c.r(x, y, w, h))
    draw_view(c, rect)
    c.surface.set_clip(previous)
    c.rect((x - frame_w, y - frame_w, w + 2 * frame_w, frame_w), frame)
    c.rect((x - frame_w, y + h, w + 2 * frame_w, frame_w), frame)
    c.rect((x - frame_w, y, frame_w, h), frame)
    c.rect((x + w, y, frame_w, h), frame)
    cols, rows = panes
    for i in range(1, cols):
        c.rect((x + w * i / cols - frame_w * 0.35, y, frame_w * 0.7, h), frame)
    for j in range(1, rows):
        c.rect((x, y + h * j / rows - frame_w * 0.35, w, frame_w * 0.7), frame)
    if sill is not None:
        c.rect((x - frame_w * 2.2, y + h + frame_w, w + frame_w * 4.4, frame_w * 0.9), sill)


def tree(
    c: Canvas,
    x: float,
    ground: float,
    height: float,
    crown: Color,
    trunk: Color,
    shade: Color | None = None,
) -> None:
    """A simple rounded tree: a trunk and three overlapping discs."""
    r = height * 0.3
    c.rect((x - height * 0.035, ground - height * 0.55, height * 0.07, height * 0.55), trunk)
    for dx, dy, k in ((-0.45, 0.05, 0.8), (0.45, 0.08, 0.78), (0.0, -0.25, 1.0)):
        c.circle((x + dx * r, ground - height * 0.62 + dy * r), r * k, crown)
    if shade is not None:
        c.circle((x + r * 0.35, ground - height * 0.55), r * 0.55, shade, 70)


def pendant(
    c: Canvas,
    x: float,
    top: float,
    drop: float,
    shade: Color,
    cord: Color,
    light: Color,
    strength: float = 0.9,
) -> None:
    """A hanging lamp with a cone shade and its glow."""
    c.line((x, top), (x, top + drop), cord, 3)
    w = 70
    c.polygon(
        [
            (x - 16, top + drop),
            (x + 16, top + drop),
            (x + w / 2, top + drop + 46),
            (x - w / 2, top + drop + 46),
        ],
        shade,
    )
    c.ellipse((x - w / 2 + 6, top + drop + 38, w - 12, 16), mix(light, (255, 255, 255), 0.4))
    c.glow((x, top + drop + 50), 330, light, strength)


def chair(c: Canvas, x: float, seat_y: float, w: float, color: Color, leg: Color) -> None:
    """A waiting-room chair seen from the front."""
    c.rect((x, seat_y - w * 0.95, w, w * 0.9), color, radius=14)  # back
    c.rect((x - 4, seat_y - 8, w + 8, w * 0.26), mix(color, (0, 0, 0), 0.12), radius=10)  # seat
    c.rect((x + 8, seat_y + w * 0.2, 6, w * 0.55), leg)
    c.rect((x + w - 14, seat_y + w * 0.2, 6, w * 0.55), leg)


# --- the pictures -------------------------------------------------------------------------------


def apartment_night(c: Canvas) -> None:
    """Home late at night: a blue room, city lights through the window, one warm lamp."""
    c.gradient((0, 0, WIDTH, 760), [(0, (34, 40, 70)), (1, (22, 26, 48))])
    c.gradient((0, 760, WIDTH, 320), [(0, (26, 28, 46)), (1, (14, 15, 27))])
    c.rect((0, 752, WIDTH, 10), (18, 20, 36))  # skirting board

    def view(cv: Canvas, r: tuple[float, float, float, float]) -> None:
        x, y, w, h = r
        cv.gradient(r, [(0, (10, 16, 40)), (0.7, (34, 44, 86)), (1, (58, 58, 98))])
        cv.circle((x + w * 0.78, y + h * 0.2), 34, (232, 230, 214))
        cv.glow((x + w * 0.78, y + h * 0.2), 160, (60, 70, 110), 0.8)
        skyline(
            cv,
            x - 20,
            x + w + 20,
            y + h,
            h * 0.25,
            h * 0.55,
            (26, 32, 58),
            [(255, 208, 130), (250, 180, 110), (170, 200, 255)],
            0.22,
        )
        skyline(
            cv,
            x - 30,
            x + w + 30,
            y + h,
            h * 0.08,
            h * 0.3,
            (16, 20, 40),
            [(255, 214, 150)],
            0.3,
            90,
            200,
        )

    window_view(c, (240, 130, 620, 520), (14, 16, 30), 16, view, (2, 2), sill=(20, 22, 38))
    c.glow((550, 420), 700, (40, 50, 90), 0.6)
    c.polygon(
        [(240, 668), (860, 668), (1120, 1080), (120, 1080)], (80, 100, 160), 22
    )  # moonlight on the floor
    c.rect((150, 100, 70, 640), (26, 30, 56))  # curtain
    c.rect((880, 100, 60, 640), (26, 30, 56))
    # Sofa, dark against the lamp.
    c.rect((1080, 560, 560, 150), (34, 36, 62), radius=30)
    c.rect((1050, 640, 620, 130), (30, 32, 56), radius=26)
    c.rect((1080, 770, 20, 22), (16, 17, 30))
    c.rect((1620, 770, 20, 22), (16, 17, 30))
    # Floor lamp and its pool of warm light.
    c.rect((1746, 330, 8, 460), (20, 20, 32))
    c.ellipse((1710, 782, 80, 18), (20, 20, 32))
    c.polygon([(1702, 330), (1798, 330), (1774, 250), (1726, 250)], (246, 196, 128))
    c.glow((1750, 330), 620, (255, 160, 80), 0.55)
    c.glow((1750, 300), 170, (255, 200, 140), 0.6)


def apartment_morning(c: Canvas) -> None:
    """The morning after: pale warm light through the window onto a kitchen counter and a mug."""
    c.gradient((0, 0, WIDTH, 900), [(0, (244, 230, 210)), (1, (228, 206, 180))])
    c.gradient((0, 900, WIDTH, 180), [(0, (214, 190, 160)), (1, (200, 174, 144))])

    def view(cv: Canvas, r: tuple[float, float, float, float]) -> None:
        x, y, w, h = r
        cv.gradient(r, [(0, (186, 214, 238)), (0.65, (236, 232, 218)), (1, (255, 226, 186))])
        cv.glow((x + w * 0.3, y + h * 0.9), 260, (255, 190, 110), 0.4)
        skyline(cv, x - 10, x + w + 10, y + h, h * 0.06, h * 0.2, (200, 196, 196), (), 0, 60, 130)

    window_view(c, (150, 110, 560, 500), (252, 248, 240), 18, view, (2, 2), sill=(250, 244, 232))
    # Sunlight falling across the room onto the counter and floor.
    c.polygon([(150, 110), (710, 110), (1500, 1080), (620, 1080)], (255, 236, 190), 38)
    # Plant on the sill.
    c.rect((560, 572, 60, 56), (196, 120, 90), radius=6)  # stands on the sill
    for ang in (-60, -25, 10, 40, 70):
        a = math.radians(ang - 90)
        c.ellipse(
            (590 + math.cos(a) * 40 - 18, 552 + math.sin(a) * 50 - 30, 36, 60), (110, 150, 100)
        )
    # Upper cabinets and the counter.
    c.rect((980, 90, 860, 260), (236, 222, 200), radius=6)
    for i in range(4):
        c.rect((1000 + i * 210, 110, 195, 220), (242, 230, 210), radius=6)
        c.rect((1090 + i * 210, 300, 18, 6), (200, 180, 150), radius=3)
    c.shade((980, 350, 860, 30), (150, 120, 90), 40)
    c.rect((820, 600, 1100, 28), (250, 248, 242), radius=4)  # worktop
    c.rect((830, 628, 1090, 292), (220, 200, 172))
    for i in range(5):
        c.rect((846 + i * 214, 648, 200, 252), (226, 208, 182), radius=6)
        c.rect((930 + i * 214, 664, 36, 6), (190, 168, 138), radius=3)
    c.shade((830, 900, 1090, 16), (120, 90, 60), 50)
    # Mug with a wisp of steam.
    c.rect((1180, 536, 64, 66), (250, 250, 248), radius=8)
    c.rect((1242, 552, 24, 32), (250, 250, 248), radius=12)
    c.rect((1248, 560, 12, 16), (234, 216, 190), radius=6)
    c.shade((1184, 540, 56, 10), (120, 80, 50), 60, radius=4)
    for k, (dx, dy) in enumerate(((0, 0), (16, -40), (-4, -80))):
        c.ellipse((1196 + dx, 470 + dy, 22, 48), (255, 255, 255), 70 - k * 18)
    # Kettle and bread board further along.
    c.rect((1460, 520, 110, 82), (160, 176, 180), radius=30)
    c.rect((1490, 506, 50, 18), (110, 120, 126), radius=8)
    c.rect((1620, 586, 180, 16), (196, 150, 104), radius=6)
    c.glow((430, 360), 520, (255, 214, 150), 0.14)


def apartment_evening(c: Canvas) -> None:
    """Home at dusk: a violet room, the sunset in the window, a table lamp just switched on."""
    c.gradient((0, 0, WIDTH, 770), [(0, (98, 78, 104)), (1, (70, 56, 82))])
    c.gradient((0, 770, WIDTH, 310), [(0, (62, 48, 68)), (1, (40, 31, 46))])
    c.rect((0, 762, WIDTH, 10), (52, 40, 58))

    def view(cv: Canvas, r: tuple[float, float, float, float]) -> None:
        x, y, w, h = r
        cv.gradient(r, [(0, (84, 84, 150)), (0.55, (226, 140, 130)), (1, (255, 186, 110))])
        cv.circle((x + w * 0.35, y + h * 0.86), 60, (255, 226, 160))
        cv.glow((x + w * 0.35, y + h * 0.86), 340, (255, 150, 90), 0.7)
        skyline(
            cv, x - 20, x + w + 20, y + h, h * 0.12, h * 0.42, (66, 48, 72), [(255, 210, 140)], 0.08
        )

    window_view(c, (1040, 120, 640, 540), (46, 34, 54), 16, view, (3, 2), sill=(56, 42, 62))
    c.glow((1360, 600), 760, (255, 130, 80), 0.42)
    c.polygon([(1040, 676), (1680, 676), (1560, 1080), (700, 1080)], (255, 170, 120), 24)
    # Sofa on the left, side table and lamp.
    c.rect((160, 560, 600, 150), (86, 60, 84), radius=30)
    c.rect((130, 640, 660, 130), (76, 54, 76), radius=26)
    c.rect((170, 770, 20, 20), (40, 30, 44))
    c.rect((720, 770, 20, 20), (40, 30, 44))
    c.rect((820, 620, 150, 16), (60, 44, 56))
    c.rect((888, 636, 14, 150), (60, 44, 56))
    c.polygon([(850, 520), (940, 520), (920, 450), (870, 450)], (250, 210, 150))
    c.rect((890, 520, 10, 100), (60, 44, 56))
    c.glow((895, 500), 420, (255, 170, 90), 0.55)
    c.glow((895, 490), 120, (255, 210, 150), 0.55)


def _phone(c: Canvas, body: Color, screen_rect: tuple[float, float, float, float]) -> None:
    x, y, w, h = screen_rect
    c.darken((x + w / 2, y + h / 2 + 40), w * 0.95, 0.35, squash=h / w)  # soft shadow
    c.rect((x - 22, y - 22, w + 44, h + 44), body, radius=70)


def phone_day(c: Canvas) -> None:
    """A phone in daylight: a bright message thread held over a sunlit table."""
    c.gradient(
        (0, 0, WIDTH, HEIGHT), [(0, (230, 236, 240)), (0.6, (214, 222, 228)), (1, (196, 204, 210))]
    )
    c.glow((300, 200), 700, (255, 240, 210), 0.5)
    c.ellipse((-200, 640, 900, 500), (206, 196, 180), 120)  # soft table shapes, out of focus
    c.ellipse((1300, 700, 900, 460), (200, 208, 214), 160)
    c.glow((1560, 300), 260, (40, 30, 10), 0.6)
    sx, sy, sw, sh = 770, 80, 380, 900
    _phone(c, (38, 40, 46), (sx, sy, sw, sh))
    c.rect((sx, sy, sw, sh), (250, 250, 252), radius=48)
    c.rect((sx, sy, sw, 96), (238, 240, 244), radius=48)
    c.rect((sx, sy + 50, sw, 46), (238, 240, 244))
    c.circle((sx + 56, sy + 54), 24, (224, 164, 88))
    c.rect((sx + 94, sy + 42, 120, 12), (120, 126, 136), radius=6)
    c.rect((sx + 94, sy + 62, 70, 8), (176, 180, 188), radius=4)
    bubbles = [
        (0, 150, 220, 60),
        (1, 230, 200, 48),
        (0, 298, 250, 86),
        (1, 404, 180, 48),
        (0, 472, 140, 48),
    ]
    for mine, by, bw, bh in bubbles:
        bx = sx + sw - 24 - bw if mine else sx + 24
        c.rect((bx, sy + by, bw, bh), (86, 140, 220) if mine else (228, 230, 236), radius=20)
    c.rect((sx + 20, sy + sh - 90, sw - 40, 52), (236, 238, 242), radius=26)
    c.rect((sx + 130, sy - 8, 120, 14), (38, 40, 46), radius=7)


def phone_night(c: Canvas) -> None:
    """A phone in a dark room at night: an incoming call lights the hand-held screen."""
    c.gradient((0, 0, WIDTH, HEIGHT), [(0, (14, 16, 30)), (1, (6, 7, 14))])
    c.glow((960, 460), 900, (50, 80, 160), 0.55)

    def view(cv: Canvas, r: tuple[float, float, float, float]) -> None:
        cv.gradient(r, [(0, (12, 16, 36)), (1, (30, 34, 62))])
        skyline(
            cv,
            r[0] - 20,
            r[0] + r[2] + 20,
            r[1] + r[3],
            60,
            200,
            (18, 20, 38),
            [(200, 160, 110), (150, 170, 220)],
            0.12,
        )

    window_view(c, (110, 120, 420, 420), (8, 9, 18), 12, view, (2, 2))
    c.ellipse((-300, 760, 1000, 500), (18, 20, 34))  # bedding, barely lit
    c.ellipse((1200, 780, 1100, 480), (16, 18, 30))
    sx, sy, sw, sh = 770, 80, 380, 900
    _phone(c, (10, 11, 16), (sx, sy, sw, sh))
    c.rounded_gradient(
        (sx, sy, sw, sh), [(0, (40, 58, 104)), (0.6, (24, 32, 62)), (1, (18, 22, 42))], 48
    )
    # Caller: a face-shaped placeholder, a name bar, and answer / decline buttons.
    c.glow((sx + sw / 2, sy + 250), 200, (120, 150, 220), 0.5)
    c.circle((sx + sw / 2, sy + 250), 86, (224, 164, 88))
    c.circle((sx + sw / 2, sy + 226), 34, (250, 214, 170))
    c.ellipse((sx + sw / 2 - 60, sy + 270, 120, 80), (250, 214, 170))
    c.rect((sx + sw / 2 - 90, sy + 372, 180, 20), (226, 232, 246), radius=10)
    c.rect((sx + sw / 2 - 60, sy + 406, 120, 12), (130, 146, 186), radius=6)
    c.circle((sx + 100, sy + 660), 42, (210, 80, 80))
    c.circle((sx + sw - 100, sy + 660), 42, (90, 190, 120))
    c.glow((sx + sw - 100, sy + 660), 120, (60, 160, 90), 0.45)
    c.rect((sx + 130, sy - 8, 120, 14), (10, 11, 16), radius=7)


def maya_kitchen(c: Canvas) -> None:
    """Maya's kitchen on a bright afternoon: sage cabinets, tiled wall, a pendant over the table."""
    c.gradient((0, 0, WIDTH, 640), [(0, (246, 222, 196)), (1, (238, 208, 178))])
    # Tiles behind the counter.
    c.rect((0, 380, WIDTH, 250), (244, 236, 222))
    for ty in range(380, 630, 42):
        c.line((0, ty), (WIDTH, ty), (226, 216, 200), 2)
        off = 0 if (ty // 42) % 2 else 42
        for tx in range(-42 + off, WIDTH, 84):
            c.line((tx, ty), (tx, ty + 42), (226, 216, 200), 2)

    def view(cv: Canvas, r: tuple[float, float, float, float]) -> None:
        x, y, w, h = r
        cv.gradient(r, [(0, (150, 200, 236)), (1, (214, 236, 246))])
        tree(cv, x + w * 0.25, y + h + 40, 360, (120, 170, 110), (110, 90, 70))
        tree(cv, x + w * 0.8, y + h + 60, 300, (104, 156, 100), (110, 90, 70))

    window_view(c, (760, 110, 460, 300), (250, 248, 242), 14, view, (2, 1), sill=(250, 246, 238))
    for i, px in enumerate((800, 900, 1010, 1120)):  # herbs on the sill
        c.rect((px, 372, 54, 46), (198, 112, 84), radius=6)
        for k in range(3):
            c.circle((px + 14 + k * 13, 356 - (i + k) % 2 * 10), 18, (96, 150, 92))
    # Upper cabinets either side of the window.
    for x0, x1 in ((40, 680), (1300, 1880)):
        c.rect((x0, 80, x1 - x0, 230), (136, 166, 146), radius=8)
        for xi in range(int(x0) + 16, int(x1) - 40, 160):
            c.rect((xi, 96, 144, 198), (146, 176, 156), radius=6)
            c.rect((xi + 64, 274, 16, 6), (220, 210, 190), radius=3)
        c.shade((x0, 310, x1 - x0, 24), (90, 70, 50), 40)
    # Counter and lower cabinets.
    c.rect((0, 620, WIDTH, 26), (236, 232, 224))
    c.rect((0, 646, WIDTH, 280), (124, 154, 134))
    for xi in range(20, WIDTH, 190):
        c.rect((xi, 664, 172, 244), (134, 164, 144), radius=6)
        c.rect((xi + 70, 680, 32, 6), (220, 210, 190), radius=3)
    c.gradient((0, 926, WIDTH, 154), [(0, (190, 150, 116)), (1, (170, 132, 100))])
    # Kettle, fruit bowl, cutting board.
    c.rect((360, 520, 130, 100), (222, 96, 74), radius=40)
    c.rect((394, 500, 60, 24), (60, 60, 64), radius=10)
    c.ellipse((1420, 566, 220, 60), (240, 236, 228))
    for k, col in enumerate(((240, 170, 60), (210, 80, 70), (150, 190, 80), (240, 150, 60))):
        c.circle((1460 + k * 46, 562 - (k % 2) * 16), 26, col)
    c.rect((1680, 598, 180, 22), (206, 160, 110), radius=8)
    pendant(c, 1530, 0, 300, (52, 74, 66), (52, 74, 66), (255, 200, 140), 0.22)
    c.glow((990, 260), 520, (255, 240, 210), 0.12)  # daylight from the window


def office(c: Canvas) -> None:
    """An open-plan office by day: tall windows onto the city, desks and screens, cool light."""
    c.gradient((0, 0, WIDTH, 780), [(0, (214, 222, 230)), (1, (196, 206, 216))])
    c.rect((0, 0, WIDTH, 70), (232, 236, 240))
    for lx in range(160, WIDTH, 420):  # ceiling panels
        c.rect((lx, 18, 260, 30), (252, 252, 250), radius=6)
        c.glow((lx + 130, 40), 240, (255, 255, 250), 0.25, squash=0.5)

    def view(cv: Canvas, r: tuple[float, float, float, float]) -> None:
        x, y, w, h = r
        cv.gradient(r, [(0, (162, 198, 228)), (1, (214, 230, 240))])
        skyline(
            cv,
            x - 20,
            x + w + 20,
            y + h,
            h * 0.25,
            h * 0.7,
            (168, 184, 202),
            [(200, 214, 228)],
            0.25,
            80,
            160,
        )
        skyline(
            cv,
            x - 20,
            x + w + 20,
            y + h,
            h * 0.1,
            h * 0.35,
            (146, 164, 184),
            [(190, 204, 220)],
            0.3,
            100,
            220,
        )

    window_view(c, (120, 110, 1680, 520), (90, 100, 114), 14, view, (6, 1))
    c.gradient((0, 780, WIDTH, 300), [(0, (170, 178, 190)), (1, (150, 158, 170))])
    # Two rows of desks with monitors and chairs, seen from behind.
    for row, (top, scale, shade_c) in enumerate(
        ((600, 0.75, (120, 130, 144)), (700, 1.0, (96, 104, 118)))
    ):
        for i in range(5 - row):
            x = 140 + row * 180 + i * 380
            c.rect((x, top + 40 * scale, 320 * scale, 18 * scale), (226, 226, 222))
            c.rect((x + 20 * scale, top + 58 * scale, 10 * scale, 90 * scale), (150, 156, 166))
            c.rect((x + 280 * scale, top + 58 * scale, 10 * scale, 90 * scale), (150, 156, 166))
            c.rect(
                (x + 90 * scale, top - 80 * scale, 150 * scale, 100 * scale), (44, 52, 64), radius=6
            )
            c.rect((x + 158 * scale, top + 20 * scale, 14 * scale, 22 * scale), (44, 52, 64))
            c.rect(
                (x + 110 * scale, top + 10 * scale, 110 * scale, 110 * scale), shade_c, radius=24
            )
    c.rect((1760, 560, 90, 110), (220, 214, 204), radius=10)  # plant
    for k in range(6):
        c.circle((1775 + (k % 3) * 30, 520 - (k // 3) * 40), 34, (98, 146, 110))


def cafe(c: Canvas) -> None:
    """A warm café: a wooden counter, pendant lights, a chalk menu and shelves of cups."""
    c.gradient((0, 0, WIDTH, 640), [(0, (168, 120, 88)), (1, (196, 150, 110))])
    # Menu board and shelves.
    c.rect((1180, 120, 560, 300), (44, 48, 46), radius=10)
    c.rect((1196, 136, 528, 268), (52, 58, 55), radius=6)
    for k in range(6):
        c.rect((1230, 170 + k * 38, 240 + (k * 53) % 120, 10), (214, 214, 204), radius=5)
        c.rect((1610, 170 + k * 38, 70, 10), (214, 214, 204), radius=5)
    for sy in (220, 330):
        c.rect((200, sy, 700, 14), (110, 72, 50))
        for k in range(9):
            c.rect(
                (226 + k * 74, sy - 44, 44, 44),
                (240, 236, 226) if k % 3 else (120, 170, 180),
                radius=8,
            )

    def view(cv: Canvas, r: tuple[float, float, float, float]) -> None:
        cv.gradient(r, [(0, (180, 210, 226)), (1, (228, 232, 224))])
        tree(cv, r[0] + r[2] * 0.5, r[1] + r[3] + 20, 260, (150, 180, 120), (120, 100, 80))

    window_view(c, (-30, 400, 170, 300), (110, 72, 50), 12, view, (1, 2))
    # Counter.
    c.rect((0, 600, WIDTH, 30), (86, 56, 40))
    c.gradient((0, 630, WIDTH, 300), [(0, (124, 82, 58)), (1, (104, 68, 48))])
    for xi in range(0, WIDTH, 96):
        c.line((xi, 640), (xi, 930), (112, 74, 52), 3)
    c.gradient((0, 930, WIDTH, 150), [(0, (80, 56, 44)), (1, (62, 44, 36))])
    # Espresso machine, cups, a cake stand.
    c.rect((560, 440, 300, 160), (196, 200, 204), radius=16)
    c.rect((580, 460, 260, 40), (172, 176, 182), radius=8)
    c.rect((610, 520, 30, 40), (60, 60, 64), radius=4)
    c.rect((780, 520, 30, 40), (60, 60, 64), radius=4)
    c.rect((600, 568, 50, 32), (246, 242, 234), radius=6)
    c.rect((1100, 560, 70, 40), (246, 242, 234), radius=8)
    c.rect((1300, 520, 8, 80), (230, 226, 220))
    c.ellipse((1230, 590, 150, 16), (230, 226, 220))
    c.ellipse((1236, 470, 140, 120), (236, 214, 190))
    c.shade((1230, 460, 150, 140), (255, 255, 255), 50, radius=60)
    for x in (330, 960):
        pendant(c, x, 0, 200, (40, 40, 44), (40, 40, 44), (255, 190, 110), 0.6)


def park_day(c: Canvas) -> None:
    """A park on a clear day: blue sky, soft clouds, round trees and a path into the distance."""
    c.gradient((0, 0, WIDTH, 640), [(0, (112, 170, 228)), (1, (206, 230, 246))])
    c.glow((1560, 150), 420, (255, 250, 220), 0.5)
    c.circle((1560, 150), 54, (255, 252, 232))
    for cx, cy, s in ((380, 170, 1.0), (920, 110, 0.7), (1240, 260, 0.8)):
        for dx, dy, r in ((0, 0, 60), (60, -24, 70), (130, 0, 56), (60, 16, 60)):
            c.circle((cx + dx * s, cy + dy * s), r * s, (255, 255, 255), 200)
    c.ellipse((-300, 520, 1400, 300), (150, 196, 150))
    c.ellipse((800, 540, 1500, 260), (140, 188, 142))
    c.gradient((0, 640, WIDTH, 440), [(0, (128, 182, 112)), (1, (100, 156, 90))])
    # The path: wide at the front, narrowing to the horizon.
    c.polygon([(860, 640), (1000, 640), (1500, 1080), (420, 1080)], (226, 212, 178))
    c.polygon([(930, 640), (1000, 640), (1500, 1080), (1200, 1080)], (214, 198, 164))
    for x, g, h in (
        (220, 700, 420),
        (520, 660, 300),
        (1380, 670, 340),
        (1700, 720, 460),
        (90, 640, 220),
        (1180, 648, 200),
    ):
        tree(c, x, g, h, (78, 140, 84), (112, 88, 66), (60, 110, 66))
    # Bench beside the path.
    c.rect((1480, 640, 180, 16), (140, 100, 70), radius=4)
    c.rect((1480, 610, 180, 14), (140, 100, 70), radius=4)
    c.rect((1494, 656, 10, 40), (80, 70, 64))
    c.rect((1636, 656, 10, 40), (80, 70, 64))
    c.ellipse((1460, 690, 230, 20), (90, 140, 80), 120)


def park_evening(c: Canvas) -> None:
    """The same park at sunset: a pink and violet sky, dark trees, the lamps coming on."""
    c.gradient(
        (0, 0, WIDTH, 660), [(0, (58, 58, 116)), (0.55, (178, 110, 140)), (1, (250, 166, 116))]
    )
    c.circle((560, 600), 70, (255, 214, 150))
    c.glow((560, 600), 560, (255, 150, 90), 0.6)
    c.ellipse((-300, 540, 1400, 260), (70, 64, 96))
    c.ellipse((800, 560, 1500, 240), (64, 58, 90))
    c.gradient((0, 650, WIDTH, 430), [(0, (56, 56, 80)), (1, (34, 34, 52))])
    c.polygon([(860, 650), (1000, 650), (1500, 1080), (420, 1080)], (92, 84, 104))
    c.polygon([(930, 650), (1000, 650), (1500, 1080), (1200, 1080)], (82, 74, 96))
    for x, g, h in (
        (220, 710, 420),
        (520, 670, 300),
        (1380, 680, 340),
        (1700, 730, 460),
        (90, 650, 220),
        (1180, 658, 200),
    ):
        tree(c, x, g, h, (40, 40, 64), (36, 32, 50))
    for lx, base, hgt in ((760, 720, 220), (1270, 760, 290)):
        c.rect((lx - 5, base - hgt, 10, hgt), (30, 30, 44))
        c.rect((lx - 18, base - hgt - 30, 36, 34), (255, 220, 160), radius=8)
        c.glow((lx, base - hgt - 12), 300, (255, 180, 100), 0.6)
        c.glow((lx, base + 30), 200, (120, 90, 80), 0.35, squash=0.3)


def _facades(c: Canvas, night: bool) -> None:
    rng = c.rng
    x = -40.0
    day_cols = [(214, 182, 152), (190, 172, 164), (176, 192, 200), (222, 206, 170), (200, 160, 140)]
    while x < WIDTH:
        w = rng.uniform(260, 420)
        top = rng.uniform(90, 330)
        base = (44, 46, 70) if night else rng.choice(day_cols)
        col = mix(base, (0, 0, 0), rng.uniform(0, 0.12))
        c.rect((x, top, w, 760 - top), col)
        c.rect((x - 6, top - 14, w + 12, 16), mix(col, (0, 0, 0), 0.2))
        for wy in range(int(top + 40), 660, 92):
            for wx in range(int(x + 30), int(x + w - 60), 78):
                if night:
                    on = rng.random() < 0.32
                    glass = (
                        rng.choice([(255, 206, 130), (255, 186, 110), (236, 224, 190)])
                        if on
                        else (30, 32, 52)
                    )
                else:
                    glass = (150, 176, 200) if rng.random() < 0.8 else (190, 208, 224)
                c.rect((wx, wy, 46, 58), glass, radius=3)
                if not night:
                    c.rect((wx, wy + 58, 46, 6), mix(col, (255, 255, 255), 0.3))
        # Shop front at street level.
        c.rect((x + 20, 650, w - 40, 110), mix(col, (0, 0, 0), 0.25))
        shop = (
            (255, 210, 150)
            if night and rng.random() < 0.6
            else ((40, 42, 60) if night else (170, 196, 214))
        )
        c.rect((x + 36, 668, w - 110, 92), shop, radius=4)
        if night and shop[0] > 200:
            c.glow((x + w / 2, 760), 260, (255, 170, 90), 0.35, squash=0.5)
        x += w + 8


def street_day(c: Canvas) -> None:
    """A city street in daylight: warm brick and stone fronts, a blue sky, a quiet pavement."""
    c.gradient((0, 0, WIDTH, 700), [(0, (140, 192, 236)), (1, (218, 234, 246))])
    _facades(c, night=False)
    c.rect((0, 760, WIDTH, 100), (204, 202, 196))
    c.rect((0, 756, WIDTH, 8), (184, 182, 178))
    for xi in range(0, WIDTH, 160):
        c.line((xi, 764), (xi - 40, 860), (190, 188, 182), 2)
    c.rect((0, 860, WIDTH, 14), (170, 168, 164))
    c.gradient((0, 874, WIDTH, 206), [(0, (132, 136, 142)), (1, (118, 122, 128))])
    for xi in range(40, WIDTH, 260):
        c.rect((xi, 972, 130, 10), (196, 196, 190), radius=4)
    for tx in (300, 1100, 1800):
        tree(c, tx, 800, 380, (104, 156, 96), (104, 84, 64), (86, 136, 80))
    c.rect((700, 420, 10, 380), (70, 74, 80))
    c.rect((660, 410, 70, 16), (70, 74, 80), radius=6)


def street_night(c: Canvas) -> None:
    """The same kind of street at night: dark sky, lit windows, lamps pooling light on wet stone."""
    c.gradient((0, 0, WIDTH, 700), [(0, (10, 14, 34)), (1, (34, 38, 72))])
    _facades(c, night=True)
    c.rect((0, 760, WIDTH, 100), (36, 38, 54))
    c.rect((0, 756, WIDTH, 8), (30, 32, 46))
    c.rect((0, 860, WIDTH, 14), (28, 30, 42))
    c.gradient((0, 874, WIDTH, 206), [(0, (26, 28, 40)), (1, (18, 19, 28))])
    for xi in range(40, WIDTH, 260):
        c.rect((xi, 972, 130, 10), (52, 54, 66), radius=4)
    for lx in (420, 1180, 1860):
        c.rect((lx - 6, 380, 12, 420), (20, 22, 32))
        c.rect((lx - 40, 366, 80, 20), (20, 22, 32), radius=8)
        c.ellipse((lx - 30, 380, 60, 16), (255, 226, 170))
        c.glow((lx, 392), 360, (255, 180, 100), 0.55)
        c.glow((lx, 940), 120, (170, 120, 70), 0.4, squash=2.2)  # reflection on the wet road


def their_building(c: Canvas) -> None:
    """The front door of their building at dusk: brick, a lit glass door, the steps up."""
    c.gradient((0, 0, WIDTH, 800), [(0, (124, 86, 84)), (1, (108, 72, 70))])
    for row, by in enumerate(range(0, 800, 36)):  # brick courses
        c.line((0, by), (WIDTH, by), (98, 64, 62), 3)
        off = 0 if row % 2 else 60
        for bx in range(-60 + off, WIDTH, 120):
            c.line((bx, by), (bx, by + 36), (98, 64, 62), 3)
    c.shade((0, 0, WIDTH, 800), (40, 50, 100), 70)  # blue dusk over everything
    # Windows of the flats above, one lit.
    for wx, lit in ((180, False), (1480, True)):
        c.rect((wx - 16, 76, 292, 316), (200, 196, 190))
        c.rect((wx, 92, 260, 284), (255, 206, 140) if lit else (50, 56, 88))
        c.rect((wx + 124, 92, 12, 284), (200, 196, 190))
        if lit:
            c.glow((wx + 130, 230), 320, (255, 170, 90), 0.35)
    # The door.
    c.rect((700, 200, 520, 580), (196, 190, 182))
    c.rect((730, 230, 460, 550), (70, 50, 46))
    c.rect((770, 270, 380, 300), (255, 212, 150), radius=6)
    c.rect((955, 270, 10, 300), (70, 50, 46))
    c.glow((960, 420), 420, (255, 170, 90), 0.5)
    c.rect((1150, 600, 16, 70), (200, 180, 120), radius=6)
    c.rect((760, 100, 400, 70), (196, 190, 182))
    for k in range(3):
        c.rect((860 + k * 70, 118, 46, 36), (60, 60, 70), radius=4)
    # Wall lamp and intercom.
    c.rect((1290, 400, 44, 70), (40, 40, 48), radius=8)
    c.rect((1298, 412, 28, 44), (255, 230, 180), radius=6)
    c.glow((1312, 434), 280, (255, 180, 110), 0.5)
    c.rect((560, 460, 80, 150), (60, 62, 70), radius=8)
    for k in range(4):
        c.rect((580, 480 + k * 30, 40, 16), (200, 196, 186), radius=4)
    # Pavement, then the steps on top of it.
    c.gradient((0, 780, WIDTH, 300), [(0, (84, 84, 104)), (1, (58, 58, 76))])
    for k, (sy, inset) in enumerate(((780, 0), (820, 40), (860, 80))):
        c.rect((640 - inset, sy, 640 + inset * 2, 40), mix((150, 144, 150), (96, 96, 116), k * 0.3))
        c.rect(
            (640 - inset, sy, 640 + inset * 2, 4), mix((176, 170, 174), (110, 110, 128), k * 0.3)
        )


def hospital_waiting(c: Canvas) -> None:
    """A hospital waiting room: pale green walls, a row of chairs, a clock, flat even light."""
    c.gradient((0, 0, WIDTH, 790), [(0, (222, 236, 230)), (1, (204, 222, 216))])
    c.rect((0, 0, WIDTH, 60), (238, 242, 240))
    for lx in range(200, WIDTH, 520):
        c.rect((lx, 14, 320, 28), (252, 254, 252), radius=4)
        c.glow((lx + 160, 30), 280, (255, 255, 255), 0.2, squash=0.5)
    c.rect((0, 480, WIDTH, 14), (176, 204, 196))  # the rail along the wall

    def view(cv: Canvas, r: tuple[float, float, float, float]) -> None:
        cv.gradient(r, [(0, (176, 188, 200)), (1, (208, 214, 220))])
        skyline(cv, r[0], r[0] + r[2], r[1] + r[3], 40, 140, (170, 178, 190), (), 0)

    window_view(c, (140, 130, 420, 300), (240, 244, 242), 14, view, (2, 1))
    # Clock.
    c.circle((960, 220), 70, (246, 248, 246))
    pygame.draw.circle(c.surface, (90, 100, 104), c.p([(960, 220)])[0], 70 * c.s, width=6 * c.s)
    c.line((960, 220), (960, 172), (60, 66, 70), 6)
    c.line((960, 220), (1000, 236), (60, 66, 70), 6)
    # Corridor doorway and sign.
    c.rect((1440, 150, 340, 640), (186, 206, 200))
    c.gradient((1470, 180, 280, 610), [(0, (236, 240, 236)), (1, (210, 218, 214))])
    c.rect((1490, 100, 240, 36), (70, 130, 120), radius=6)
    c.rect((1520, 112, 180, 12), (230, 240, 236), radius=6)
    # Chairs.
    for i in range(7):
        chair(c, 160 + i * 165, 690, 130, (92, 144, 164), (120, 130, 134))
    c.rect((1290, 640, 100, 110), (214, 206, 190), radius=8)  # side table with magazines
    c.rect((1300, 626, 80, 14), (200, 120, 110), radius=3)
    c.gradient((0, 790, WIDTH, 290), [(0, (206, 214, 212)), (1, (190, 198, 196))])
    c.shade((100, 800, 1200, 40), (160, 176, 176), 90, radius=20)


def title(c: Canvas) -> None:
    """The title picture: a city at dusk, two lit windows far apart, a faint thread of light."""
    c.gradient(
        (0, 0, WIDTH, HEIGHT),
        [(0, (20, 24, 52)), (0.55, (70, 62, 110)), (0.8, (196, 122, 120)), (1, (240, 168, 120))],
    )
    for _ in range(70):
        sx, sy = c.rng.uniform(0, WIDTH), c.rng.uniform(0, 420)
        c.circle((sx, sy), c.rng.uniform(1.2, 2.4), (236, 236, 255), c.rng.randint(60, 180))
    c.glow((960, 1080), 1100, (255, 140, 90), 0.35, squash=0.5)
    skyline(c, -20, WIDTH + 20, 1080, 140, 320, (44, 40, 70), [(255, 200, 130)], 0.03, 70, 160)
    skyline(c, -20, WIDTH + 20, 1080, 60, 200, (26, 24, 44), [(255, 210, 140)], 0.02, 100, 220)
    # Two tall buildings, one at each side, each with one window lit.
    c.rect((120, 420, 260, 700), (20, 20, 38))
    c.rect((1540, 380, 280, 740), (20, 20, 38))
    left, right = (240, 520), (1670, 480)
    for x, y in (left, right):
        c.rect((x - 24, y - 30, 48, 60), (255, 206, 140), radius=4)
        c.glow((x, y), 200, (255, 170, 90), 0.6)
    # A soft arc between them: the thread the title is about.
    pts: list[Point] = []
    for k in range(61):
        t = k / 60
        pts.append(
            (lerp(left[0], right[0], t), lerp(left[1], right[1], t) - math.sin(t * math.pi) * 260)
        )
    for width, alpha in ((10, 40), (4, 120)):
        layer = pygame.Surface(c.surface.get_size(), pygame.SRCALPHA)
        pygame.draw.lines(layer, (255, 214, 160, alpha), False, c.p(pts), round(width * c.s))
        c.surface.blit(layer, (0, 0))


SCENES: dict[str, Callable[[Canvas], None]] = {
    "apartment_night": apartment_night,
    "apartment_morning": apartment_morning,
    "apartment_evening": apartment_evening,
    "phone_day": phone_day,
    "phone_night": phone_night,
    "maya_kitchen": maya_kitchen,
    "office": office,
    "cafe": cafe,
    "park_day": park_day,
    "park_evening": park_evening,
    "street_day": street_day,
    "street_night": street_night,
    "their_building": their_building,
    "hospital_waiting": hospital_waiting,
    "title": title,
}


def render(name: str) -> pygame.Surface:
    """Draw one picture at 1920×1080."""
    canvas = Canvas(name)
    SCENES[name](canvas)
    return canvas.finish()


def main(argv: Sequence[str] | None = None) -> int:
    """Draw the named pictures (all by default) into assets/images/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("names", nargs="*", help="pictures to draw (default: all)")
    parser.add_argument("-o", "--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in SCENES]
    if unknown:
        parser.error(f"unknown picture(s): {', '.join(unknown)}; known: {', '.join(SCENES)}")
    pygame.init()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.names or list(SCENES):
        path = args.out / f"{name}.png"
        pygame.image.save(render(name), str(path))
        print(f"{path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
