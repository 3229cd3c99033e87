"""The terminal front end: beats, numbered choices, undo, history, saves, the lesson page.

It reads from any text stream, so piped input drives it in transcript tests exactly as a
person at a keyboard would.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from game.engine.model import Story, Value, VarType
from game.engine.runner import EndingReport, Phase, Runner
from game.engine.state import StateError
from game.engine.templates import quoted
from game.persistence.saves import SaveError, load_with_backup, slot_path, write_save

from .commands import help_text

WIDTH = 78
HELP = help_text()


@dataclass
class TextOptions:
    """How the terminal front end runs."""

    saves: Path
    facilitator: bool = False
    echo: bool = False
    load_slot: str | None = None
    reload_at: int | None = None  # tests: save and restore after this many decisions


class TextGame:
    """One terminal session over one story."""

    def __init__(self, story: Story, inp: TextIO, out: TextIO, options: TextOptions) -> None:
        self.story = story
        self.inp = inp
        self.out = out
        self.opts = options
        self.runner: Runner | None = None

    # --- output -----------------------------------------------------------------------------

    def say(self, text: str = "", indent: str = "", hang: str | None = None) -> None:
        """Print wrapped text; `hang` indents the lines after the first (for bullets)."""
        if not text:
            self.out.write("\n")
            return
        rest = indent if hang is None else hang
        for para in text.split("\n"):
            wrapped = textwrap.fill(para, WIDTH, initial_indent=indent, subsequent_indent=rest)
            self.out.write((wrapped or indent) + "\n")

    def ask(self, prompt: str) -> str | None:
        """Read one line; None at the end of input."""
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.out.write("\n")
            return None
        line = line.rstrip("\r\n")
        if self.opts.echo:
            self.out.write(line + "\n")
        return line

    # --- the game -----------------------------------------------------------------------------

    def run(self) -> int:
        """Play until an ending, quitting, or the end of input."""
        title = self.story.title
        self.say(title)
        self.say("=" * len(title))
        runner = self._load(self.opts.load_slot) if self.opts.load_slot else None
        if runner is None:
            if self.opts.load_slot:
                return 1
            if self.story.content_note:
                self.say()
                self.say(self.story.content_note)
            answers = self._questions()
            if answers is None:
                return 0
            runner = Runner(self.story, answers)
        self.runner = runner
        self.say()
        self.say("(Type ? for help.)")
        return self._loop()

    def _questions(self) -> dict[str, Value] | None:
        answers: dict[str, Value] = {}
        for var in self.story.questions:
            self.say()
            if var.one_of:
                options = ", ".join(var.one_of)
                reply = self.ask(f"{var.ask} ({options}; Enter for {var.default}) ")
            else:
                reply = self.ask(f"{var.ask} (Enter for {var.default}) ")
            if reply is None:
                return None
            reply = reply.strip()
            if not reply:
                continue
            if var.one_of and reply not in var.one_of:
                self.say(f"Keeping {var.default}: the choices are {', '.join(var.one_of)}.")
                continue
            if var.type is VarType.TEXT:
                answers[var.id] = reply[:40]
        return answers

    def _loop(self) -> int:
        chapter = None
        while True:
            runner = self.runner
            assert runner is not None
            if runner.chapter != chapter:
                chapter = runner.chapter
                self.say()
                self.say(f"— {chapter} —")
            if runner.phase is Phase.BEAT:
                line = runner.line
                assert line is not None
                self.say()
                self.say(f"{line.name}: {line.text}" if line.name else line.text)
                runner.advance()
            elif runner.phase is Phase.ENDED:
                report = runner.ending
                assert report is not None
                self.lesson_page(report)
                return 0
            elif not self._decide():
                return 0

    def _decide(self) -> bool:
        """Show the choices and act on one command; False to stop."""
        runner = self.runner
        assert runner is not None
        options = runner.options
        self.say()
        if self.opts.facilitator and runner.prompt:
            self.say(f"[Discuss] {runner.prompt}")
            self.say()
        if not options:
            self.say("(There is no way on from here: the story is stuck. Type u to go back.)")
        for option in options:
            self.say(f"{option.number}. {option.text}", "  ")
        while True:
            reply = self.ask("> ")
            if reply is None:
                self._autosave()
                return False
            command = reply.strip()
            if command.isdigit() and 1 <= int(command) <= len(options):
                runner.choose(int(command) - 1)
                self._after_decision()
                return True
            handler = self._commands().get(command.split(" ", 1)[0].lower() if command else "")
            if handler is None:
                self.say(f"Type a number from 1 to {len(options)}, or ? for help.")
                continue
            arg = command.split(" ", 1)[1].strip() if " " in command else ""
            return handler(arg)

    def _commands(self) -> dict[str, Callable[[str], bool]]:
        return {
            "u": self._undo,
            "undo": self._undo,
            "h": self._history,
            "history": self._history,
            "s": self._save,
            "save": self._save,
            "l": self._load_command,
            "load": self._load_command,
            "m": self._meters,
            "?": self._help,
            "help": self._help,
            "q": self._quit,
            "quit": self._quit,
        }

    def _after_decision(self) -> None:
        runner = self.runner
        assert runner is not None
        self._autosave()
        at = self.opts.reload_at
        if at is not None and len(runner.state.decisions) == at:
            self._save("checkpoint", quiet=True)
            restored = self._load("checkpoint", quiet=True)
            assert restored is not None
            self.runner = restored

    # --- commands -----------------------------------------------------------------------------

    def _undo(self, _: str) -> bool:
        runner = self.runner
        assert runner is not None
        if not runner.state.decisions:
            self.say("Nothing to undo yet.")
            return True
        while runner.undo() and runner.phase is not Phase.CHOICE:
            pass
        self.say("(Back to your last choice.)")
        return True

    def _history(self, _: str) -> bool:
        runner = self.runner
        assert runner is not None
        self.say()
        self.say("History:")
        for entry in runner.history:
            if entry.kind == "choice":
                self.say(f"> {entry.text}", "    ")
            else:
                self.say(f"{entry.name}: {entry.text}" if entry.name else entry.text, "  ")
        return True

    def _meters(self, _: str) -> bool:
        runner = self.runner
        assert runner is not None
        for var in self.story.meters:
            self.say(
                meter_line(
                    var.meter or var.id, int(runner.values[var.id]), var.min or 0, var.max or 10
                )
            )
        return True

    def _help(self, _: str) -> bool:
        self.say(HELP)
        return True

    def _quit(self, _: str) -> bool:
        self._autosave()
        self.say("Your progress is saved in slot 'auto'. Goodbye.")
        return False

    def _save(self, slot: str, *, quiet: bool = False) -> bool:
        runner = self.runner
        assert runner is not None
        slot = slot or "1"
        try:
            write_save(
                slot_path(self.opts.saves, slot),
                story_id=self.story.id,
                story_hash=self.story.content_hash,
                story_version=self.story.version,
                label=runner.chapter,
                scene=runner.state.scene,
                state=runner.to_json(),
            )
        except SaveError as err:
            self.say(f"Could not save: {err.message}")
            return True
        if not quiet:
            self.say(f"Saved in slot '{slot}'.")
        return True

    def _autosave(self) -> None:
        if self.runner is not None and self.runner.state.decisions:
            self._save("auto", quiet=True)

    def _load_command(self, slot: str) -> bool:
        runner = self._load(slot or "1")
        if runner is not None:
            self.runner = runner
        return True

    def _load(self, slot: str, *, quiet: bool = False) -> Runner | None:
        try:
            path = slot_path(self.opts.saves, slot)
        except SaveError as err:
            self.say(err.message)
            return None
        result = load_with_backup(path)
        if result.problem and not quiet:
            self.say(result.problem)
        if result.save is None:
            return None
        if result.save.story_id != self.story.id:
            self.say(f"Slot '{slot}' holds a save of another story ('{result.save.story_id}').")
            return None
        try:
            runner, note = Runner.restore(self.story, result.save.state)
        except StateError as err:
            self.say(f"Could not load slot '{slot}': {err}")
            return None
        if note and not quiet:
            self.say(note)
        if not quiet:
            self.say(f"Loaded slot '{slot}' ({result.save.label}).")
        return runner

    # --- the lesson page ---------------------------------------------------------------------

    def lesson_page(self, report: EndingReport) -> None:
        """The ending: its title and tone, lessons kept and missed, the meters."""
        self.say()
        heading = f"THE END — {report.title} ({report.tone.value})"
        self.say(heading)
        self.say("=" * len(heading))
        if report.focus:
            self.say()
            self.say(
                "This ending is about: " + "; ".join(lesson.title for lesson in report.focus) + "."
            )
        for label, items in (
            ("Lessons you kept", report.kept),
            ("Lessons you missed", report.missed),
        ):
            if not items:
                continue
            self.say()
            self.say(f"{label}:")
            for m in items:
                self.say(f"* {m.lesson.title} — {m.lesson.text}", "  ", "    ")
                self.say(f"When you chose {quoted(m.choice)} ({m.chapter}): {m.note}", "    ")
        if report.meters:
            self.say()
            self.say("Where you ended up:")
            for track in report.meters:
                self.say(meter_line(track.label, track.values[-1], track.lo, track.hi), "  ")
        self.say()
        count = "1 decision" if report.decisions == 1 else f"{report.decisions} decisions"
        self.say(f"You made {count}. Play again to find the other endings.")


def meter_line(label: str, value: int, lo: int, hi: int) -> str:
    """A meter as text, so it never relies on colour: `Patience  [######----]  6/10`."""
    span = max(hi - lo, 1)
    filled = round(10 * (value - lo) / span)
    return f"{label:<10} [{'#' * filled}{'-' * (10 - filled)}] {value}/{hi}"


def play_text(story: Story, inp: TextIO, out: TextIO, options: TextOptions) -> int:
    """Run the terminal game; returns the process exit code."""
    return TextGame(story, inp, out, options).run()
