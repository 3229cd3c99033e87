"""Draw the character portraits: flat, bust-length PNGs on a transparent background.

Run it from the repo root (`.venv/bin/python tools/make_portraits.py`); like the backgrounds it
needs pygame only and draws the same pixels every time. Each portrait is drawn at 2× and scaled
down, which anti-aliases every edge. `--sheet FILE` also writes a contact sheet of them all.

Every speaking character gets three expressions that read at a glance, mostly through the
eyebrows and the mouth: `neutral`, `warm` and `hurt`. The ex is named and pronoun-ed by the
player, so the ex has three looks (`ex_a`, `ex_b`, `ex_c`), each drawn to fit he, she or they:
no make-up, no facial hair, hair and clothes anyone might wear. The palette is the backgrounds'
one: warm ambers, the sage of Maya's kitchen, the night blues; each character's clothes echo
the colour of their name plate.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # (the environment above must be set before pygame is imported)
from make_backgrounds import mix

Color = tuple[int, int, int]
Point = tuple[float, float]

WIDTH, HEIGHT = 400, 500
SUPERSAMPLE = 2
OUT_DIR = Path(__file__).resolve().parents[1] / "assets" / "portraits"
# Transparent pixels carry this colour, so the soft edges left by scaling darken a little,
# like a faint outline, instead of turning white or black.
EDGE: Color = (44, 36, 48)
INK: Color = (44, 32, 38)
EXPRESSIONS = ("neutral", "warm", "hurt")


@dataclass(frozen=True)
class Face:
    """How an expression moves the face: brow heights (inner, outer), eyes and mouth."""

    brow_inner: float
    brow_outer: float
    eyes: str  # "open", "smiling" or "lowered"
    mouth_curve: float  # positive curls the corners up
    mouth_width: float
    blush: int


FACES = {
    "neutral": Face(0, 0, "open", 1.5, 36, 0),
    "warm": Face(-5, -3, "smiling", 9, 50, 60),
    "hurt": Face(-9, 5, "lowered", -6, 30, 0),
}


@dataclass(frozen=True)
class Look:
    """A character's fixed appearance."""

    skin: Color
    hair: Color
    clothes: Color
    trim: Color
    hair_back: Callable[[Canvas, Look], None]
    hair_front: Callable[[Canvas, Look], None]
    neckline: str  # "crew", "vee" or "collar"


class Canvas:
    """A supersampled transparent surface addressed in 400×500 design coordinates."""

    def __init__(self) -> None:
        self.s = SUPERSAMPLE
        self.surface = pygame.Surface((WIDTH * self.s, HEIGHT * self.s), pygame.SRCALPHA)
        self.surface.fill((*EDGE, 0))

    def p(self, points: Sequence[Point]) -> list[tuple[int, int]]:
        """Design-space points in canvas pixels."""
        return [(round(x * self.s), round(y * self.s)) for x, y in points]

    def r(self, x: float, y: float, w: float, h: float) -> pygame.Rect:
        """A design-space rectangle in canvas pixels."""
        s = self.s
        return pygame.Rect(round(x * s), round(y * s), round(w * s), round(h * s))

    def ellipse(self, rect: tuple[float, float, float, float], color: Color) -> None:
        """A filled ellipse."""
        pygame.draw.ellipse(self.surface, color, self.r(*rect))

    def circle(self, center: Point, radius: float, color: Color) -> None:
        """A filled circle."""
        x, y = center
        self.ellipse((x - radius, y - radius, radius * 2, radius * 2), color)

    def polygon(self, points: Sequence[Point], color: Color) -> None:
        """A filled polygon."""
        pygame.draw.polygon(self.surface, color, self.p(points))

    def rect(self, rect: tuple[float, float, float, float], color: Color, radius: float) -> None:
        """A filled rounded rectangle."""
        pygame.draw.rect(self.surface, color, self.r(*rect), border_radius=round(radius * self.s))

    def stroke(self, points: Sequence[Point], color: Color, width: float) -> None:
        """A thick line through points with round ends and joints."""
        pts = self.p(points)
        w = max(1, round(width * self.s))
        pygame.draw.lines(self.surface, color, False, pts, w)
        for pt in pts:
            pygame.draw.circle(self.surface, color, pt, w / 2)

    def tint(self, center: Point, radius: float, color: Color, alpha: int) -> None:
        """A translucent disc blended over what is there (blush)."""
        x, y = center
        layer = pygame.Surface(self.surface.get_size(), pygame.SRCALPHA)
        pygame.draw.ellipse(
            layer, (*color, alpha), self.r(x - radius, y - radius * 0.6, radius * 2, radius * 1.2)
        )
        self.surface.blit(layer, (0, 0))

    def finish(self) -> pygame.Surface:
        """The portrait at 400×500."""
        return pygame.transform.smoothscale(self.surface, (WIDTH, HEIGHT))


def curve(a: Point, b: Point, bend: float, steps: int = 16) -> list[Point]:
    """Points on a gentle arc from a to b, its middle pushed up by `bend` (down if negative)."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        out.append(
            (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t - bend * math.sin(math.pi * t))
        )
    return out


def shade(color: Color, amount: float = 0.16) -> Color:
    """The colour in shadow (the light falls from the left, as in the backgrounds)."""
    return mix(color, (40, 30, 60), amount)


# --- the figure ---------------------------------------------------------------------------------

CX, EYE_Y = 200.0, 222.0
SHOULDER = 350.0  # where the shoulders meet the neck


def body(c: Canvas, look: Look) -> None:
    """Shoulders, neck and neckline."""
    top = SHOULDER
    c.rect((CX - 34, 280, 68, top - 260), shade(look.skin, 0.22), 20)  # neck, in shadow
    c.polygon(
        [(36, 500), (62, top + 30), (124, top), (276, top), (338, top + 30), (364, 500)],
        look.clothes,
    )
    c.polygon([(252, top + 8), (326, top + 30), (356, 500), (282, 500)], shade(look.clothes, 0.12))
    if look.neckline == "vee":
        c.polygon([(CX - 36, top), (CX + 36, top), (CX, top + 58)], shade(look.skin, 0.1))
        c.stroke([(CX - 38, top), (CX, top + 60), (CX + 38, top)], look.trim, 8)
    elif look.neckline == "collar":
        c.polygon([(CX - 34, top), (CX + 34, top), (CX, top + 38)], shade(look.skin, 0.1))
        c.polygon(
            [(CX - 50, top - 6), (CX - 4, top + 40), (CX - 30, top + 58), (CX - 64, top + 12)],
            look.trim,
        )
        c.polygon(
            [(CX + 50, top - 6), (CX + 4, top + 40), (CX + 30, top + 58), (CX + 64, top + 12)],
            look.trim,
        )
    else:
        c.ellipse((CX - 42, top - 14, 84, 34), look.trim)
        c.ellipse((CX - 34, top - 16, 68, 26), shade(look.skin, 0.22))


def head(c: Canvas, look: Look) -> None:
    """Ears, the face, a soft shadow down its right side, the nose."""
    for x in (CX - 88, CX + 70):
        c.ellipse((x, EYE_Y - 12, 18, 40), shade(look.skin, 0.08))
    c.ellipse((CX - 84, 118, 168, 200), look.skin)
    # Light from the left: a crescent of shadow down the right cheek and jaw.
    angles = [math.radians(a) for a in range(-80, 81, 4)]
    rim = [(CX + 84 * math.cos(a), 218 + 100 * math.sin(a)) for a in angles]
    inner = [(x - 44 * math.cos(a), y) for (x, y), a in zip(rim, angles, strict=True)]
    c.polygon(rim + inner[::-1], shade(look.skin, 0.07))
    c.stroke(
        [(CX - 2, EYE_Y + 8), (CX - 8, EYE_Y + 36), (CX + 4, EYE_Y + 40)], shade(look.skin, 0.25), 4
    )


def expression(c: Canvas, look: Look, face: Face) -> None:
    """Brows, eyes, cheeks and mouth for one expression."""
    lid = shade(look.skin, 0.18)
    for side in (-1, 1):
        ex = CX + side * 36
        if face.eyes == "smiling":
            c.ellipse((ex - 9, EYE_Y - 9, 18, 18), INK)
            c.ellipse((ex - 14, EYE_Y + 3, 28, 20), look.skin)  # cheeks lift the lower lid
            c.stroke(curve((ex - 12, EYE_Y + 5), (ex + 12, EYE_Y + 5), 4), lid, 2.5)
        elif face.eyes == "lowered":
            c.ellipse((ex - 8, EYE_Y - 6, 16, 18), INK)
            c.ellipse((ex - 13, EYE_Y - 20, 26, 19), look.skin)  # heavy upper lid
            c.stroke(curve((ex - 12, EYE_Y - 3), (ex + 12, EYE_Y - 3), -2), lid, 3)
        else:
            c.ellipse((ex - 8, EYE_Y - 10, 16, 20), INK)
            c.circle((ex - 3, EYE_Y - 5), 3, (250, 246, 240))
        inner = (CX + side * 16, EYE_Y - 30 + face.brow_inner)
        outer = (CX + side * 56, EYE_Y - 28 + face.brow_outer)
        c.stroke(curve(inner, outer, 4 if face.eyes != "lowered" else 1), look.hair, 7)
        if face.blush:
            c.tint((CX + side * 50, EYE_Y + 34), 16, (236, 120, 110), face.blush)
    half = face.mouth_width / 2
    my = EYE_Y + 62 - face.mouth_curve * 0.3
    corner_y = my - face.mouth_curve
    mouth = shade(mix(look.skin, (150, 60, 70), 0.45), 0.2)
    if face.mouth_curve > 6:  # a warm smile, lips parted a little
        c.polygon(
            curve((CX - half, corner_y), (CX + half, corner_y), -face.mouth_curve * 1.1), mouth
        )
    c.stroke(curve((CX - half, corner_y), (CX + half, corner_y), -face.mouth_curve), mouth, 4.5)


# --- hair ----------------------------------------------------------------------------------------


def crop_back(c: Canvas, look: Look) -> None:
    """Short hair: just a cap of hair behind the head."""
    c.ellipse((CX - 92, 104, 184, 170), look.hair)


def crop_front(c: Canvas, look: Look) -> None:
    """A soft, side-swept fringe over a short cut."""
    c.polygon(
        [
            (CX - 90, 205),
            (CX - 92, 150),
            (CX - 60, 112),
            (CX, 98),
            (CX + 64, 108),
            (CX + 92, 150),
            (CX + 88, 196),
            (CX + 72, 160),
            (CX + 20, 150),
            (CX - 30, 170),
            (CX - 70, 178),
        ],
        look.hair,
    )
    c.stroke([(CX - 40, 128), (CX + 10, 120), (CX + 50, 132)], shade(look.hair, -0.4), 4)


def bob_back(c: Canvas, look: Look) -> None:
    """Jaw-length hair falling behind the ears."""
    c.rect((CX - 100, 110, 200, 196), look.hair, 70)


def bob_front(c: Canvas, look: Look) -> None:
    """A middle parting, hair tucked behind the left ear."""
    c.polygon(
        [
            (CX + 2, 104),
            (CX - 60, 118),
            (CX - 96, 170),
            (CX - 92, 240),
            (CX - 80, 190),
            (CX - 50, 150),
            (CX - 4, 132),
        ],
        look.hair,
    )
    c.polygon(
        [
            (CX - 2, 104),
            (CX + 62, 118),
            (CX + 100, 175),
            (CX + 102, 290),
            (CX + 80, 300),
            (CX + 84, 200),
            (CX + 50, 150),
            (CX + 4, 132),
        ],
        look.hair,
    )
    c.stroke([(CX, 106), (CX, 128)], shade(look.hair, 0.3), 3)


def beanie_back(c: Canvas, look: Look) -> None:
    """Short curls showing at the sides under a hat."""
    for x, y in ((CX - 84, 190), (CX - 80, 170), (CX + 84, 190), (CX + 80, 170)):
        c.circle((x, y), 15, look.hair)


def beanie_front(c: Canvas, look: Look) -> None:
    """A knitted beanie pulled down to the brows, turned up at the edge."""
    c.ellipse((CX - 92, 70, 184, 124), look.trim)
    c.rect((CX - 95, 136, 190, 38), shade(look.trim, 0.14), 18)
    for x in range(int(CX - 80), int(CX + 90), 20):
        c.stroke([(x, 144), (x, 166)], shade(look.trim, 0.26), 3)


def curls_back(c: Canvas, look: Look) -> None:
    """A full head of curls gathered into a high puff."""
    c.circle((CX + 10, 78), 54, look.hair)
    for i in range(14):
        a = math.pi * (0.95 + 1.1 * i / 13)
        c.circle((CX + 96 * math.cos(a), 200 + 96 * math.sin(a)), 30, look.hair)


def curls_front(c: Canvas, look: Look) -> None:
    """Curls along the hairline and a band holding the puff."""
    c.polygon(
        [
            (CX - 86, 190),
            (CX - 70, 130),
            (CX, 108),
            (CX + 70, 130),
            (CX + 86, 190),
            (CX + 60, 150),
            (CX, 138),
            (CX - 60, 150),
        ],
        look.hair,
    )
    for x in (-64, -30, 6, 40, 70):
        c.circle((CX + x, 134 + abs(x) * 0.3), 16, look.hair)
    c.rect((CX - 30, 112, 66, 14), look.trim, 7)


LOOKS: dict[str, Look] = {
    "maya": Look(
        (176, 118, 88),
        (42, 30, 32),
        (96, 152, 190),
        (222, 236, 240),
        curls_back,
        curls_front,
        "vee",
    ),
    "ex_a": Look(
        (236, 200, 172),
        (112, 74, 50),
        (214, 156, 80),
        (184, 124, 60),
        crop_back,
        crop_front,
        "crew",
    ),
    "ex_b": Look(
        (204, 152, 112), (40, 32, 38), (96, 128, 116), (224, 164, 88), bob_back, bob_front, "collar"
    ),
    "ex_c": Look(
        (128, 84, 62),
        (30, 24, 28),
        (92, 96, 120),
        (224, 164, 88),
        beanie_back,
        beanie_front,
        "crew",
    ),
}


def names() -> list[str]:
    """Every portrait file name (without .png), character by character."""
    return [f"{who}_{how}" for who in LOOKS for how in EXPRESSIONS]


def render(name: str) -> pygame.Surface:
    """Draw one portrait, named `<character>_<expression>`, at 400×500 with transparency."""
    who, _, how = name.rpartition("_")
    look, face = LOOKS[who], FACES[how]
    c = Canvas()
    look.hair_back(c, look)
    body(c, look)
    head(c, look)
    expression(c, look, face)
    look.hair_front(c, look)
    return c.finish()


def contact_sheet(portraits: dict[str, pygame.Surface]) -> pygame.Surface:
    """All portraits in a grid, one character per row, over a light and a dark backdrop."""
    cols, rows = len(EXPRESSIONS), len(LOOKS)
    sheet = pygame.Surface((cols * WIDTH, rows * HEIGHT))
    for i, name in enumerate(portraits):
        x, y = (i % cols) * WIDTH, (i // cols) * HEIGHT
        top = (236, 224, 206) if (i // cols) % 2 == 0 else (34, 40, 70)
        sheet.fill(top, (x, y, WIDTH, HEIGHT))
        sheet.fill(mix(top, (128, 128, 128), 0.4), (x, y + HEIGHT * 2 // 3, WIDTH, HEIGHT // 3))
        sheet.blit(portraits[name], (x, y))
    return sheet


def main(argv: Sequence[str] | None = None) -> int:
    """Draw every portrait into assets/portraits/ (and a contact sheet if asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-o", "--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
    args = parser.parse_args(argv)
    pygame.init()
    args.out.mkdir(parents=True, exist_ok=True)
    portraits = {name: render(name) for name in names()}
    for name, surface in portraits.items():
        pygame.image.save(surface, str(args.out / f"{name}.png"))
    print(f"{len(portraits)} portraits in {args.out}")
    if args.sheet:
        pygame.image.save(contact_sheet(portraits), str(args.sheet))
        print(f"contact sheet: {args.sheet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
