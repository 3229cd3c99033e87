"""Session: one playthrough with its saves, the layer both front ends play through.

It starts games from answers, saves, loads and autosaves, restores older saves, undoes and
describes the meters. It returns outcome objects, never words: each front end says them its
own way. Persistence is passed in (a saves folder, an endings file) so tests use tmp folders.

Policies kept here so both front ends share them:
- Autosave: at the start of a game, after every decision, at an ending, and when leaving.
- Undo goes back to the previous decision (its choices shown again). `step_back` is the
  reading aid beside it: one line (or the last choice) back; repeated, it reaches the same place.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.persistence.errors import SaveError
from game.persistence.progress import record_ending
from game.persistence.saves import (
    LoadResult,
    SaveFile,
    load_with_backup,
    read_save,
    rotate_autosaves,
    shorten,
    slot_path,
    write_save,
)

from .model import Story, Value, Variable
from .start import Start, new_seed

if TYPE_CHECKING:  # playing imports these when a game starts: the title screen needs none
    from .runner import EndingReport, Runner
    from .state import State
    from .whatif import Comparison

AUTOSAVE_SLOT = "auto"
# A game set aside by What if? is saved as what-if-1, what-if-2, … (never over another).
WHAT_IF_SLOT = "what-if-"


@dataclass(frozen=True)
class SaveOutcome:
    """A save written (`error` None) or not, and why. `set_aside` lists saves that could not be
    read and were moved to these paths (kept, never deleted) to make room."""

    slot: str
    error: SaveError | None = None
    set_aside: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the save was written."""
        return self.error is None


MAX_DETAIL = 300
DAMAGED_DETAIL = "the save is damaged: it points to a place its own story does not have"


class LoadFailure(Enum):
    """Why a slot could not be loaded."""

    BAD_SLOT = "bad_slot"  # not a valid slot name (`error` says more)
    NOT_READ = "not_read"  # neither the save nor its backup could be read (`read` says why)
    OTHER_STORY = "other_story"  # a save of another story (`other_story` names it)
    CANNOT_RESTORE = "cannot_restore"  # the story changed too much (`detail` is the engine's why)


@dataclass(frozen=True)
class LoadOutcome:
    """What loading a slot did. `read` holds what reading the file found (a damaged save whose
    backup was loaded has `read.used_backup`); `changed_at` is set when the story changed since
    the save and play resumes at the start of that scene, without the steps before it to undo."""

    slot: str
    failure: LoadFailure | None = None
    read: LoadResult | None = None
    error: SaveError | None = None
    label: str = ""
    other_story: str = ""
    changed_at: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        """True when the game now continues from this slot."""
        return self.failure is None


@dataclass(frozen=True)
class EndingOutcome:
    """An ending reached: its report, the autosave, and whether the gallery could note it."""

    report: EndingReport
    autosave: SaveOutcome
    progress_error: SaveError | None = None


@dataclass(frozen=True)
class Meter:
    """A meter as a front end shows it: its label, its range and its value now."""

    id: str
    label: str
    lo: int
    hi: int
    value: int


class Rotation:
    """A new game's duty to move the last games' autosaves along before its own is written:
    done once, by whichever autosave gets to the disk first, and owed until it succeeds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.done = False

    def run(self, path: Path) -> tuple[Path, ...]:
        """Rotate the autosaves at `path` unless done already; the saves set aside."""
        with self._lock:
            if self.done:
                return ()
            set_aside = rotate_autosaves(path)
            self.done = True
            return set_aside


@dataclass(frozen=True)
class SaveJob:
    """A save taken now and written later (maybe on another thread): `write` touches only the
    disk, never the game, so the game may move on meanwhile. With `rotation`, the older
    autosaves are moved along first (a new game keeps the last ones)."""

    slot: str
    path: Path
    story: Story
    label: str
    scene: str
    state: dict[str, Any] = field(repr=False)
    rotation: Rotation | None = field(default=None, repr=False)

    def write(self) -> SaveOutcome:
        """Write the save; the outcome says whether it is on the disk."""
        set_aside: tuple[Path, ...] = ()
        try:
            if self.rotation is not None:
                set_aside = self.rotation.run(self.path)
            write_save(
                self.path,
                story_id=self.story.id,
                story_hash=self.story.content_hash,
                story_version=self.story.version,
                label=self.label,
                scene=self.scene,
                state=self.state,
            )
        except SaveError as err:
            return SaveOutcome(self.slot, err, set_aside)
        return SaveOutcome(self.slot, None, set_aside)


@dataclass(frozen=True)
class SetAside:
    """A game set aside by What if?: the slot it is saved to, where it stood, and the decision
    (from 1) the new try went back to."""

    slot: str
    state: State
    turn: int


def meter_range(var: Variable) -> tuple[int, int]:
    """A meter's (lowest, highest): the variable's bounds, else 0 and 10."""
    return (var.min if var.min is not None else 0, var.max if var.max is not None else 10)


class Session:
    """One player's game of one story, with its saves."""

    def __init__(self, story: Story, saves: Path, progress: Path | None = None) -> None:
        self.story = story
        self.saves = Path(saves)
        self.progress = progress
        self._runner: Runner | None = None
        self._saved: dict[str, Any] | None = None
        self._rotation: Rotation | None = None
        # What if?: the games set aside for another try, oldest first, with their save slots.
        self.aside: list[SetAside] = []

    @property
    def runner(self) -> Runner:
        """The game in progress; only valid after `new_game` or a successful `load`."""
        if self._runner is None:
            raise RuntimeError("no game in progress")
        return self._runner

    @property
    def playing(self) -> bool:
        """True when there is a game in progress."""
        return self._runner is not None

    # --- playing --------------------------------------------------------------------------

    def start(self, answers: Mapping[str, Value], start: Start | None = None) -> SaveJob:
        """Start a new game with the player's answers (see `answers.read_answer`); the returned
        first autosave, written, keeps the last games' autosaves as the earlier ones.

        Draws come from `start.seed`, or a fresh seed; `start` may also fix values and name a
        checkpoint to begin at (StartError if the story has no such checkpoint).
        """
        from .runner import Runner

        start = start or Start()
        if start.seed is None:
            start = replace(start, seed=new_seed())
        self._runner = Runner(self.story, answers, start=start)
        self._saved = None
        self._rotation = Rotation()
        self.aside = []
        return self.save_job(AUTOSAVE_SLOT)

    def new_game(self, answers: Mapping[str, Value], start: Start | None = None) -> SaveOutcome:
        """Start a new game and write its first autosave (see `start`)."""
        job = self.start(answers, start)
        return self.settle(job, job.write())

    def leave(self) -> None:
        """Stop playing (the saves stay as they are)."""
        self._runner = None
        self._saved = None

    def in_progress(self) -> SaveFile | None:
        """The autosave of this story a new game would move aside, when it can be read."""
        try:
            save = read_save(slot_path(self.saves, AUTOSAVE_SLOT))
        except SaveError:
            return None
        return save if save.story_id == self.story.id else None

    def advance(self) -> None:
        """Move past the line being shown."""
        self.runner.advance()

    def choose(self, number: int) -> SaveOutcome:
        """Take option `number` (as shown, from 1) and autosave."""
        self.runner.choose(number - 1)
        return self.autosave()

    def undo(self) -> bool:
        """Back to the previous decision, its choices shown again; False when none was made."""
        from .runner import Phase

        runner = self.runner
        if not runner.state.decisions:
            return False
        while runner.undo() and runner.phase is not Phase.CHOICE:
            pass
        return True

    def what_if(self, turn: int) -> SaveJob:
        """What if?: set this game aside and go back to decision `turn`'s choices (from 1).
        The set-aside game is kept in `aside` and the returned job saves it to its own slot;
        whatif.ReplayError when the story changed so the game cannot be replayed."""
        from .whatif import rewound

        runner = self.runner
        back = rewound(self.story, runner.state, turn)
        taken = {a.slot for a in self.aside}
        number = next(
            n
            for n in range(1, len(taken) + 2**16)
            if f"{WHAT_IF_SLOT}{n}" not in taken
            and not slot_path(self.saves, f"{WHAT_IF_SLOT}{n}").exists()
        )
        job = self.save_job(f"{WHAT_IF_SLOT}{number}")
        self.aside.append(SetAside(job.slot, runner.state, turn))
        self._runner = back
        return job

    def compare(self) -> Comparison | None:
        """The game set aside last beside the game now; None before any What if?."""
        from .whatif import compare

        if not self.aside:
            return None
        return compare(self.story, self.aside[-1].state, self.runner.state)

    def step_back(self) -> bool:
        """One line (or the last choice) back; False at the very first line."""
        return self.runner.undo()

    def finish(self) -> EndingOutcome:
        """At an ending: note it for the endings gallery and autosave."""
        report = self.runner.ending
        if report is None:
            raise RuntimeError("finish() before an ending")
        noted = self.note_ending(report.scene, self.runner.to_json())
        return EndingOutcome(report, self.autosave(), noted)

    def note_ending(self, ending: str, run: Mapping[str, Any] | None = None) -> SaveError | None:
        """Note an ending in the endings gallery, with `run`, the game that reached it (safe on
        any thread); the error if it failed."""
        if self.progress is not None:
            try:
                record_ending(self.progress, self.story.id, ending, run=run)
            except SaveError as err:
                return err
        return None

    def replay(self, run: Mapping[str, Any]) -> EndingReport | None:
        """The ending page of a game the gallery kept; None when the story has changed so that
        the game no longer reaches an ending the same way."""
        from .runner import Runner
        from .state import StateError

        try:
            runner, changed_at = Runner.restore(self.story, run)
        except StateError:
            return None
        return runner.ending if changed_at is None else None

    def meters(self) -> tuple[Meter, ...]:
        """Every meter with its label, range and current value, in the story's order."""
        values = self.runner.values
        return tuple(
            Meter(var.id, var.meter or var.id, *meter_range(var), int(values[var.id]))
            for var in self.story.meters
        )

    # --- saves ----------------------------------------------------------------------------

    @property
    def unsaved(self) -> bool:
        """True when the game has moved on since it was last saved or loaded."""
        runner = self._runner
        if runner is None or not runner.history:
            return False
        return runner.to_json() != self._saved

    def autosave(self) -> SaveOutcome:
        """Save to the autosave slot."""
        return self.save(AUTOSAVE_SLOT)

    def save(self, slot: str) -> SaveOutcome:
        """Save the game in progress to `slot`, keeping what was there as its backup."""
        try:
            job = self.save_job(slot)
        except SaveError as err:
            return SaveOutcome(slot, err)
        return self.settle(job, job.write())

    def save_job(self, slot: str) -> SaveJob:
        """The game as it is now, ready to be written to `slot` (SaveError: a bad slot name)."""
        runner = self.runner
        path = slot_path(self.saves, slot)
        rotation = self._rotation if slot == AUTOSAVE_SLOT else None
        if rotation is not None and rotation.done:
            rotation = None
        state = runner.to_json()
        return SaveJob(slot, path, self.story, runner.chapter, runner.state.scene, state, rotation)

    def settle(self, job: SaveJob, outcome: SaveOutcome) -> SaveOutcome:
        """Take in how a save went: only a written save counts as saved."""
        if outcome.ok and self._runner is not None and job.story is self.story:
            self._saved = job.state
        return outcome

    def reloaded(self, story: Story, runner: Runner) -> None:
        """The story files were read again and the game carries on in `runner`."""
        same = self._runner is not None and self._saved == self._runner.to_json()
        self.story = story
        self._runner = runner
        self._saved = runner.to_json() if same else self._saved

    def load(self, slot: str) -> LoadOutcome:
        """Continue from `slot` (its backup when the save is damaged); the game stays as it was
        when loading fails."""
        from .runner import Runner
        from .state import StateError

        try:
            path = slot_path(self.saves, slot)
        except SaveError as err:
            return LoadOutcome(slot, LoadFailure.BAD_SLOT, error=err)
        read = load_with_backup(path)
        save = read.save
        if save is None:
            return LoadOutcome(slot, LoadFailure.NOT_READ, read)
        if save.story_id != self.story.id:
            return LoadOutcome(slot, LoadFailure.OTHER_STORY, read, other_story=save.story_id)
        try:
            runner, changed_at = Runner.restore(self.story, save.state)
        except StateError as err:
            # The reason may quote a crafted scene id thousands of characters long.
            detail = shorten(str(err), MAX_DETAIL)
            return LoadOutcome(slot, LoadFailure.CANNOT_RESTORE, read, detail=detail)
        if changed_at is not None and save.story_hash == self.story.content_hash:
            # The very story it was made with cannot reach it: the save, not the story, is off.
            return LoadOutcome(slot, LoadFailure.CANNOT_RESTORE, read, detail=DAMAGED_DETAIL)
        self._runner = runner
        self._saved = runner.to_json()
        self.aside = []
        return LoadOutcome(slot, None, read, label=save.label, changed_at=changed_at)
