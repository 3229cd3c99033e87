"""QR codes for the join URL: SVG for anything that shows SVG, a matrix for the window to blit."""

from __future__ import annotations

import io

import segno

# Medium error correction survives a smudged projector or a phone camera at an angle.
_ERROR = "m"
# The quiet zone scanners need around the code, in modules.
BORDER = 4


def qr_svg(text: str, scale: int = 8) -> str:
    """The QR code for `text` as a standalone SVG document (black on white)."""
    out = io.BytesIO()
    segno.make(text, error=_ERROR, micro=False).save(
        out, kind="svg", scale=scale, border=BORDER, dark="#000", light="#fff"
    )
    return out.getvalue().decode("utf-8")


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code for `text` as rows of modules, True for dark, quiet zone included."""
    code = segno.make(text, error=_ERROR, micro=False)
    return tuple(tuple(bool(m) for m in row) for row in code.matrix_iter(border=BORDER))
