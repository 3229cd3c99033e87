"""An image's pixel size read from its header, before anything is decoded.

A 1 MB PNG can claim 30000×30000 pixels and cost gigabytes once decoded, so the size is
checked first. pygame cannot read a size without decoding and Pillow is not a dependency;
the headers of the formats the game looks for (PNG, JPEG, WebP) are small and fixed.
"""

from __future__ import annotations

import struct
from pathlib import Path

_PNG = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers carry the size; C4, C8 and CC share the range but are not frames.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_SCAN_LIMIT = 1 << 20  # a frame header comes after at most this much metadata


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from the header of a PNG, JPEG or WebP file; None when unknown."""
    try:
        with open(path, "rb") as f:
            head = f.read(32)
            if head.startswith(_PNG) and head[12:16] == b"IHDR":
                w, h = struct.unpack(">II", head[16:24])
                return int(w), int(h)
            if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
                return _webp(head)
            if head.startswith(b"\xff\xd8"):
                f.seek(2)
                return _jpeg(f.read(_JPEG_SCAN_LIMIT))
    except (OSError, struct.error):
        return None
    return None


def _webp(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X":
        w = int.from_bytes(head[24:27], "little") + 1
        h = int.from_bytes(head[27:30], "little") + 1
        return w, h
    if chunk == b"VP8L":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        w, h = struct.unpack("<HH", head[26:30])
        return w & 0x3FFF, h & 0x3FFF
    return None


def _jpeg(data: bytes) -> tuple[int, int] | None:
    i = 0
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7):
            i += 2  # markers without a length
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _SOF:
            h, w = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(w), int(h)
        i += 2 + length
    return None
