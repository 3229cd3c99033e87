"""Word sequences ("shingles") for checking that text shares no long run with a source."""

from __future__ import annotations

import hashlib
import re

SHINGLE = 8
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def words(text: str) -> list[str]:
    """Lower-case words with punctuation removed and apostrophes made plain."""
    plain = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return [w.strip("'") for w in _NOT_WORD.sub(" ", plain).split() if w.strip("'")]


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Every run of `size` consecutive words, joined by spaces."""
    ws = words(text)
    return {" ".join(ws[i : i + size]) for i in range(len(ws) - size + 1)}


def shingle_hashes(text: str, size: int = SHINGLE) -> set[str]:
    """Short hashes of every run of `size` words."""
    return {hashlib.sha256(s.encode()).hexdigest()[:16] for s in shingles(text, size)}
