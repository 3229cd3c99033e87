"""Skip, as Ren'Py players know it: hold Ctrl (or toggle it with a key) to pass lines already
read, in this play or an earlier one; it stops at choices and at the first unread line."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from game.persistence.errors import SaveError
from game.persistence.seen import SEEN_FILE, load_seen, save_seen

if TYPE_CHECKING:  # annotations only: the title screen starts without the game's runner
    from game.engine.runner import Runner

STEP = 0.05  # seconds between skipped lines: fast, but each one still flashes by


def line_key(story_id: str, runner: Runner) -> str | None:
    """Which line is on show, as a stable key (story, scene and the words), or None."""
    line = runner.line
    if line is None:
        return None
    digest = hashlib.sha1(line.text.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    return f"{story_id}/{runner.state.scene}/{digest}"


class SeenLines:
    """The lines read so far (loaded from and written to the user data folder)."""

    def __init__(self, base: Path, story_id: str) -> None:
        self.path = Path(base) / SEEN_FILE
        self.story_id = story_id
        self.keys = load_seen(self.path)
        self._dirty = False

    def mark(self, runner: Runner) -> None:
        """Note that the line on show has been read."""
        key = line_key(self.story_id, runner)
        if key is not None and key not in self.keys:
            self.keys.add(key)
            self._dirty = True

    def seen(self, runner: Runner) -> bool:
        """Whether the line on show was read before."""
        key = line_key(self.story_id, runner)
        return key is not None and key in self.keys

    def save(self) -> str | None:
        """Write the file if anything changed; a sentence for the player if the disk refused."""
        if not self._dirty:
            return None
        try:
            save_seen(self.path, self.keys)
        except SaveError:
            return "Could not note which lines you have read; Skip may stop early next time."
        self._dirty = False
        return None


class Skipper:
    """Skip mode: on while toggled or while Ctrl is held; `due` says when to pass a line."""

    def __init__(self, seen: SeenLines) -> None:
        self.seen = seen
        self.toggled = False
        self._wait = 0.0

    def due(self, readable: bool, held: bool, dt: float) -> bool:
        """True when the line on show should be passed now. `readable`: a line (not a choice)
        read before; anything else turns the toggle off, as Skip stops there."""
        if not readable:
            self.toggled = False
            return False
        if not (self.toggled or held):
            self._wait = 0.0
            return False
        self._wait += dt
        if self._wait < STEP:
            return False
        self._wait = 0.0
        return True
