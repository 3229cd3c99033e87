"""`reconnect report` and `reconnect guide`: read the save or story, write the two files, and
say in one line what was written or why not (never a traceback)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from game.engine.model import Story
from game.engine.runner import Runner
from game.engine.state import StateError
from game.persistence.errors import SaveError
from game.persistence.saves import load_with_backup, slot_path
from game.terminal.wording import read_problem, save_error

from .guide import teacher_guide, write_guide
from .session import session_report, write_session_report


def save_file(save: str, saves: Path) -> Path:
    """SAVE as given: a file that exists, else a slot in the saves folder (SaveError)."""
    given = Path(save)
    return given if given.is_file() else slot_path(saves, save)


def write_report_of_save(story: Story, save: str, saves: Path, out: Path | None) -> int:
    """Write the session report of a save; the exit code (1 with a message when it cannot)."""
    try:
        read = load_with_backup(save_file(save, saves))
    except SaveError as err:
        return _fail(save_error(err))
    problem = read_problem(read)
    if read.save is None:
        return _fail(problem or "The save could not be read.")
    if problem:
        print(problem, file=sys.stderr)
    loaded = read.save
    if loaded.story_id != story.id:
        return _fail(f"That save is of another story ({loaded.story_id!r}); name its folder.")
    try:
        runner, _ = Runner.restore(story, loaded.state)
    except StateError as err:
        return _fail(f"Cannot replay that save: {err}")
    when = loaded.saved_at_time
    if when is None:
        return _fail("That save's time is out of range.")
    report = session_report(runner, when.astimezone())  # the teacher's own clock
    target = out if out is not None else Path(f"{story.id}-report-{when:%Y-%m-%d-%H%M}")
    return _wrote(lambda: write_session_report(report, target))


def write_guide_of_story(story: Story, out: Path | None) -> int:
    """Write the teacher guide of a story; the exit code."""
    guide = teacher_guide(story)
    return _wrote(lambda: write_guide(guide, out if out is not None else Path(f"{story.id}-guide")))


def _wrote(write: Callable[[], tuple[Path, Path]]) -> int:
    try:
        html, md = write()
    except SaveError as err:
        return _fail(save_error(err))
    print(f"Wrote {html} and {md}")
    return 0


def _fail(message: str) -> int:
    print(f"reconnect: {message}", file=sys.stderr)
    return 1
