"""Lines the player has already read, kept across plays so Skip can pass them (seen.json).

Reading never fails: a missing or unreadable file means nothing was seen yet (Skip then stops
at every line, which loses the player nothing). Writing is atomic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .atomic import atomic_write_text

SEEN_FILE = "seen.json"
VERSION = 1


def load_seen(path: Path) -> set[str]:
    """The keys of the lines read so far; empty when the file is missing or unreadable."""
    try:
        body = json.loads(Path(path).read_bytes())
    except (OSError, ValueError):
        return set()
    lines = body.get("lines") if isinstance(body, dict) else None
    if not isinstance(lines, list):
        return set()
    return {key for key in lines if isinstance(key, str)}


def save_seen(path: Path, keys: Iterable[str]) -> None:
    """Write the keys of the lines read (sorted, so the file diffs calmly); raises SaveError."""
    body = {"version": VERSION, "lines": sorted(set(keys))}
    atomic_write_text(Path(path), json.dumps(body, ensure_ascii=False, indent=0) + "\n")
