"""Endings found so far, kept across plays for the endings gallery (progress.json).

Reading never fails: a damaged file is moved aside as `progress.json.damaged` (nothing the
player found is thrown away) and the gallery starts again from what could still be read. A
file from a newer version of the game is read as far as it can be and never rewritten.
Recording an ending holds a lock across read-modify-write, so two games running at once
both keep what they found. With each ending it keeps the last game that reached it (its saved
state, as a save holds it), so the gallery can open that ending's page again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .atomic import atomic_write_text
from .errors import Reason, SaveError
from .locks import locked

PROGRESS_FILE = "progress.json"
VERSION = 1
_DAMAGED_SUFFIX = ".damaged"
log = logging.getLogger(__name__)

Run = Mapping[str, Any]  # a game's saved state (Runner.to_json), replayed to show its ending


@dataclass(frozen=True)
class Progress:
    """Story id -> ending scene id -> the ISO date ("2024-05-01") that ending was first found."""

    endings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    newer: bool = False  # the file was written by a newer game: shown, never rewritten
    runs: Mapping[str, Mapping[str, Run]] = field(default_factory=dict)

    def found(self, story_id: str) -> dict[str, str]:
        """The endings found in one story (a copy: ending id -> ISO date)."""
        return dict(self.endings.get(story_id, {}))

    def runs_of(self, story_id: str) -> dict[str, Run]:
        """The last game that reached each ending of one story (ending id -> saved state)."""
        return dict(self.runs.get(story_id, {}))


def damaged_path(path: Path) -> Path:
    """Where a damaged progress file is kept: "progress.json" -> "progress.json.damaged"."""
    return path.with_name(path.name + _DAMAGED_SUFFIX)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        try:
            datetime.fromisoformat(text)
        except ValueError:
            return False
    return True


def _version(obj: Any) -> int | None:
    version = obj.get("version") if isinstance(obj, dict) else None
    return version if type(version) is int else None


def _parse(obj: Any) -> tuple[dict[str, dict[str, str]], bool]:
    """(the endings that read cleanly, whether anything in the file was damaged)."""
    if _version(obj) is None:
        return {}, True
    stories = obj.get("endings")
    if not isinstance(stories, dict):
        return {}, True
    good: dict[str, dict[str, str]] = {}
    damaged = False
    for story_id, endings in stories.items():
        if not isinstance(endings, dict):
            damaged = True
            continue
        kept = {
            ending: when
            for ending, when in endings.items()
            if isinstance(when, str) and _is_date(when)
        }
        damaged = damaged or len(kept) != len(endings)
        if kept:
            good[story_id] = kept
    return good, damaged


def _parse_runs(
    obj: Any, endings: Mapping[str, Mapping[str, str]]
) -> tuple[dict[str, dict[str, Run]], bool]:
    """(the kept games that read cleanly, whether any was damaged); a game is only kept for
    an ending that was found. Files from before games were kept have none: not damage."""
    stories = obj.get("runs", {}) if isinstance(obj, dict) else {}
    if not isinstance(stories, dict):
        log.warning("progress: the kept games could not be read; the endings stay found")
        return {}, True
    good: dict[str, dict[str, Run]] = {}
    damaged = False
    for story_id, runs in stories.items():
        found = endings.get(story_id, {})
        kept = {
            ending: run["state"]
            for ending, run in (runs.items() if isinstance(runs, dict) else ())
            if ending in found and isinstance(run, dict) and isinstance(run.get("state"), dict)
        }
        if not isinstance(runs, dict) or len(kept) != len(runs):
            damaged = True
            log.warning("progress: a kept game of %r could not be read and is left out", story_id)
        if kept:
            good[story_id] = kept
    return good, damaged


def _set_aside(path: Path) -> None:
    """Move a damaged file out of the way without overwriting an earlier damaged copy."""
    target = damaged_path(path)
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}{_DAMAGED_SUFFIX}.{n}")
        n += 1
    # If even this fails the file just stays where it is; the gallery still opens.
    with contextlib.suppress(OSError):
        os.replace(path, target)


def _encode(endings: Mapping[str, Mapping[str, str]], runs: Mapping[str, Mapping[str, Run]]) -> str:
    body: dict[str, Any] = {
        "version": VERSION,
        "endings": {story: dict(found) for story, found in endings.items()},
        "runs": {
            story: {ending: {"state": dict(state)} for ending, state in kept.items()}
            for story, kept in runs.items()
        },
    }
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load_progress(path: Path) -> Progress:
    """The endings found so far; empty when the file is missing or unreadable. Never raises.

    A damaged file is moved to `progress.json.damaged`; what could still be read is written
    back, so the gallery keeps every ending the damage did not touch.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:  # missing, a folder in the way, no permission: nothing found yet
        return Progress()
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        obj = None
    endings, damaged = _parse(obj)
    runs, runs_damaged = _parse_runs(obj, endings)
    version = _version(obj)
    if version is not None and version > VERSION:
        # A newer game may keep more than this one understands: read, never move or rewrite.
        return Progress(endings, newer=True, runs=runs)
    if damaged or runs_damaged:
        _set_aside(path)
        if endings:
            # Best effort: the next record_ending writes the file anyway.
            with contextlib.suppress(Exception):
                atomic_write_text(path, _encode(endings, runs))
    return Progress(endings, runs=runs)


def record_ending(
    path: Path,
    story_id: str,
    ending_id: str,
    now: datetime | None = None,
    run: Run | None = None,
) -> Progress:
    """Note that `ending_id` of `story_id` was reached; keeps the first date it was found and
    `run`, the game that reached it (replacing the one kept before).

    A naive `now` is local time. Writes atomically under a lock, so endings recorded by two
    games at once are both kept. Raises SaveError if the disk refuses, and Reason.NEWER (having
    written nothing) when the file belongs to a newer version of the game.
    """
    path = Path(path)
    with locked(path):
        progress = load_progress(path)
        if progress.newer:
            raise SaveError(Reason.NEWER, path)
        known = ending_id in progress.endings.get(story_id, {})
        if known and run is None:
            return progress  # found before: the first date stands and nothing needs writing
        endings = {story: dict(found) for story, found in progress.endings.items()}
        runs = {story: dict(kept) for story, kept in progress.runs.items()}
        if not known:
            when = (now or datetime.now()).astimezone().date().isoformat()
            endings.setdefault(story_id, {})[ending_id] = when
        if run is not None:
            runs.setdefault(story_id, {})[ending_id] = run
        atomic_write_text(path, _encode(endings, runs))
    return Progress(endings, runs=runs)
