"""Draw the window icon, assets/images/icon.png: the title picture's two lit windows and the
thread of light between them, bold enough to read at 16 pixels in a task bar.

Run it from the repo root (`.venv/bin/python tools/make_icon.py`); it needs pygame only and
draws the same pixels every time. It is drawn 4× larger and scaled down, for smooth edges.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # (the environment above must be set before pygame is imported)

SIZE = 128
SCALE = 4
OUT = Path(__file__).resolve().parents[1] / "assets" / "images" / "icon.png"

Color = tuple[int, int, int]
# The title picture's dusk: deep blue at the top to warm rose at the foot.
SKY = ((20, 24, 52), (70, 62, 110), (214, 128, 118))
TOWER = (18, 18, 34)
WINDOW = (255, 214, 150)
THREAD = (255, 220, 170)


def _mix(a: Color, b: Color, t: float) -> Color:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def draw() -> pygame.Surface:
    """The icon at SIZE × SIZE, with a transparent margin around its rounded square."""
    big = SIZE * SCALE
    art = pygame.Surface((big, big), pygame.SRCALPHA)
    for y in range(big):
        t = y / (big - 1)
        top, mid, foot = SKY
        color = _mix(top, mid, t / 0.6) if t < 0.6 else _mix(mid, foot, (t - 0.6) / 0.4)
        pygame.draw.line(art, color, (0, y), (big - 1, y))

    def box(x: float, y: float, w: float, h: float) -> pygame.Rect:
        return pygame.Rect(round(x * big), round(y * big), round(w * big), round(h * big))

    # Two towers, one at each side, each with one lit window, and a glow around each window.
    left, right = (0.25, 0.52), (0.75, 0.46)
    pygame.draw.rect(art, TOWER, box(0.10, 0.40, 0.30, 0.62))
    pygame.draw.rect(art, TOWER, box(0.60, 0.34, 0.30, 0.68))
    for cx, cy in (left, right):
        glow = pygame.Surface((big, big), pygame.SRCALPHA)
        for r in range(40, 0, -1):
            alpha = round(70 * (1 - r / 40) ** 2)
            pygame.draw.circle(glow, (*WINDOW, alpha), (cx * big, cy * big), r / 40 * 0.2 * big)
        art.blit(glow, (0, 0))
        pygame.draw.rect(art, WINDOW, box(cx - 0.06, cy - 0.08, 0.12, 0.16), border_radius=6)
    # The thread of light from one window to the other, arching over the gap.
    points = []
    for k in range(81):
        t = k / 80
        x = left[0] + (right[0] - left[0]) * t
        y = left[1] + (right[1] - left[1]) * t - math.sin(t * math.pi) * 0.17
        points.append((x * big, y * big))
    pygame.draw.lines(art, THREAD, False, points, round(0.028 * big))

    # Cut to a rounded square, with a margin so the shape does not touch the edge.
    margin = round(0.04 * big)
    mask = pygame.Surface((big, big), pygame.SRCALPHA)
    inner = pygame.Rect(margin, margin, big - 2 * margin, big - 2 * margin)
    pygame.draw.rect(mask, (255, 255, 255, 255), inner, border_radius=round(0.18 * big))
    art.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    return pygame.transform.smoothscale(art, (SIZE, SIZE))


def main(argv: Sequence[str] | None = None) -> int:
    """Draw the icon into assets/images/icon.png (or --out)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-o", "--out", type=Path, default=OUT, help="output file")
    args = parser.parse_args(argv)
    pygame.init()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(draw(), str(args.out))
    print(f"{args.out}  {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
