"""The terminal front end: beats, numbered choices, undo, history, saves, the lesson page.

It reads from any text stream, so piped input drives it in transcript tests exactly as a
person at a keyboard would.
"""

from __future__ import annotations

import io
import re
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from game.engine.answers import QuestionKind, questions, read_answer
from game.engine.model import Story, Value
from game.engine.runner import EndingReport, Line, Phase
from game.engine.session import AUTOSAVE_SLOT, SaveOutcome, Session
from game.engine.start import Start
from game.engine.templates import without_controls
from game.persistence.locks import other_instance

from . import wording
from .commands import help_text
from .ending import ending_lines, meter_line
from .facilitator import TextFacilitator

WIDTH = 78
# A choice is typed in ASCII digits only ("²" and "①" count as digits to str.isdigit, not
# to int), and no story has ten thousand choices.
_CHOICE = re.compile(r"[0-9]{1,4}")


@dataclass
class TextOptions:
    """How the terminal front end runs."""

    saves: Path
    progress: Path | None = None  # the endings gallery file; None leaves it alone
    facilitator: bool = False
    echo: bool = False
    load_slot: str | None = None
    start: Start | None = None  # seed, fixed values and checkpoint for a new game
    reload_at: int | None = None  # tests: save and restore after this many decisions
    clock: Callable[[], float] = time.monotonic  # the discussion timer's clock


class TextGame:
    """One terminal session over one story."""

    def __init__(self, story: Story, inp: TextIO, out: TextIO, options: TextOptions) -> None:
        self.story = story
        self.inp = inp
        self.out = out
        self.opts = options
        self.session = Session(story, options.saves, options.progress)
        # Session reports go in the data folder that holds the saves folder, as the window's do.
        base = options.saves.parent
        self.facilitator = (
            TextFacilitator(self.session, base, options.clock) if options.facilitator else None
        )

    # --- output -----------------------------------------------------------------------------

    def say(self, text: str = "", indent: str = "", hang: str | None = None) -> None:
        """Print wrapped text; `hang` indents the lines after the first (for bullets)."""
        if not text:
            self.out.write("\n")
            return
        rest = indent if hang is None else hang
        for para in without_controls(text).split("\n"):
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
        line = clean_input(line.rstrip("\r\n"))
        if self.opts.echo:
            self.out.write(without_controls(line) + "\n")
        return line

    # --- the game -----------------------------------------------------------------------------

    def run(self) -> int:
        """Play until an ending, quitting, or the end of input."""
        title = self.story.title
        self.say(title)
        self.say("=" * len(title))
        other = other_instance(self.opts.saves)
        if other is not None:
            self.say(wording.other_instance(other))
        load, new_game = self.opts.load_slot, False
        if not load:
            keep = self._keep_game_in_progress()
            if keep is None:
                return 0
            if not keep:
                new_game = True
            elif not self._load(AUTOSAVE_SLOT):
                # The player asked to go on, and cannot: a new game, not a way out. Its
                # first autosave keeps the one that would not load as the earlier autosave.
                self.say("Starting a new game instead; that save is kept as the earlier autosave.")
                new_game = True
        elif not self._load(load):
            return 1  # asked for by name on the command line: say so and stop
        if new_game:
            if self.story.content_note:
                self.say()
                self.say(self.story.content_note)
            answers = self._questions()
            if answers is None:
                return 0
            self._report_save(self.session.new_game(answers, self.opts.start))
        self.say()
        if self.facilitator is not None:
            self.say("(Facilitator: n notes, t timer, r report, m meters. Type ? for help.)")
        else:
            self.say("(Type ? for help.)")
        return self._loop()

    def _keep_game_in_progress(self) -> bool | None:
        """With a game in progress, ask before a new one: True to go on with it, False for a
        new game (the old one is kept as the earlier autosave), None at the end of input."""
        saved = self.session.in_progress()
        if saved is None:
            return False
        self.say()
        self.say(f"You have a game in progress ({saved.label}).")
        reply = self.ask("Start a new game? It is kept as the earlier autosave. (y/N) ")
        if reply is None:
            return None
        return reply.strip().lower() not in ("y", "yes")

    def _questions(self) -> dict[str, Value] | None:
        answers: dict[str, Value] = {}
        for question in questions(self.story):
            self.say()
            default = wording.default_text(question)
            if question.kind is QuestionKind.ONE_OF:
                hint = f"{', '.join(question.options)}; Enter for {default}"
            elif question.kind is QuestionKind.YES_NO:
                hint = f"yes or no; Enter for {default}"
            else:
                hint = f"Enter for {default}"
            reply = self.ask(f"{question.ask} ({hint}) ")
            if reply is None:
                return None
            answer = read_answer(question, reply)
            if answer.problem is not None:
                self.say(wording.answer_problem(question, answer.problem))
            if answer.value is not None:
                answers[question.id] = answer.value
        return answers

    def _loop(self) -> int:
        chapter = None
        session = self.session
        while True:
            runner = session.runner
            if runner.chapter != chapter:
                chapter = runner.chapter
                self.say()
                self.say(f"— {chapter} —")
            if runner.phase is Phase.BEAT:
                line = runner.line
                assert line is not None
                self.say()
                self.say(shown_line(line))
                session.advance()
            elif runner.phase is Phase.ENDED:
                ending = session.finish()
                if ending.progress_error is not None:
                    self.say(wording.save_error(ending.progress_error))
                self.lesson_page(ending.report)
                if self.facilitator is not None:
                    self.say()
                    self.say(self.facilitator.report())
                return 0
            elif not self._decide():
                return 0

    def _decide(self) -> bool:
        """Show the choices and act on one command; False to stop."""
        runner = self.session.runner
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
                self._report_save(self.session.autosave())
                return False
            command = reply.strip()
            if _CHOICE.fullmatch(command) and 1 <= int(command) <= len(options):
                self._report_save(self.session.choose(int(command)))
                self._after_decision()
                return True
            handler = self._commands().get(command.split(" ", 1)[0].lower() if command else "")
            if handler is None:
                self.say(f"Type a number from 1 to {len(options)}, or ? for help.")
                continue
            arg = command.split(" ", 1)[1].strip() if " " in command else ""
            return handler(arg)

    def _commands(self) -> dict[str, Callable[[str], bool]]:
        extras: dict[str, Callable[[str], bool]] = {}
        if self.facilitator is not None:
            helper = self.facilitator
            for names, action in (
                (("n", "notes"), helper.notes),
                (("t", "timer"), helper.timer_command),
                (("r", "report"), helper.report),
            ):
                extras.update(dict.fromkeys(names, self._telling(action)))
        return extras | {
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

    def _telling(self, action: Callable[[str], str]) -> Callable[[str], bool]:
        """A command that only says something, then waits for the next one."""

        def run(arg: str) -> bool:
            self.say(action(arg))
            return True

        return run

    def _after_decision(self) -> None:
        at = self.opts.reload_at
        if at is not None and len(self.session.runner.state.decisions) == at:
            self._report_save(self.session.save("checkpoint"))
            outcome = self.session.load("checkpoint")
            assert outcome.ok and outcome.changed_at is None, outcome

    def _report_save(self, outcome: SaveOutcome, *, tell: bool = False) -> None:
        """Say when a save failed (and, with `tell`, when it worked)."""
        for path in outcome.set_aside:
            self.say(wording.set_aside(path))
        if outcome.error is not None:
            self.say(wording.not_saved(outcome.error))
        elif tell:
            self.say(wording.saved(outcome.slot))

    # --- commands -----------------------------------------------------------------------------

    def _undo(self, _: str) -> bool:
        if self.session.undo():
            self.say("(Back to your last choice.)")
        else:
            self.say("Nothing to undo yet.")
        return True

    def _history(self, _: str) -> bool:
        self.say()
        self.say("History:")
        for entry in self.session.runner.history:
            if entry.kind == "choice":
                self.say(f"> {entry.text}", "    ")
            else:
                self.say(f"{entry.name}: {entry.text}" if entry.name else entry.text, "  ")
        return True

    def _meters(self, _: str) -> bool:
        meters = self.session.meters()
        width = max([10, *(len(m.label) for m in meters)])  # at least the usual column
        for meter in meters:
            self.say(meter_line(meter.label, meter.value, meter.lo, meter.hi, width))
        return True

    def _help(self, _: str) -> bool:
        self.say(help_text(self.facilitator is not None))
        return True

    def _quit(self, _: str) -> bool:
        outcome = self.session.autosave()
        self._report_save(outcome)
        self.say(wording.goodbye(outcome.error is None))
        return False

    def _save(self, slot: str) -> bool:
        self._report_save(self.session.save(slot or "1"), tell=True)
        return True

    def _load_command(self, slot: str) -> bool:
        self._load(slot or "1")
        return True

    def _load(self, slot: str) -> bool:
        """Load a slot, saying how it went; True when the game now continues from it."""
        outcome = self.session.load(slot)
        for line in wording.load_lines(outcome):
            self.say(line)
        return outcome.ok

    # --- the lesson page ---------------------------------------------------------------------

    def lesson_page(self, report: EndingReport) -> None:
        """The ending page (see `ending.ending_lines`)."""
        for text, indent, hang in ending_lines(report, self.opts.facilitator):
            self.say(text, indent, hang)


def shown_line(line: Line) -> str:
    """A line as the terminal prints it. A text message says whose it is, when, and what
    became of it, in brackets before its text: `[Text from Daniel, 09:14] …`,
    `[Your text, 16:03, read] …`, `[Your draft, never sent] …`."""
    if line.kind != "message":
        return f"{line.name}: {line.text}" if line.name else line.text
    if line.draft:
        head = ["Your draft" if line.mine else f"{line.name}'s draft"]
    else:
        head = ["Your text" if line.mine else f"Text from {line.name}"]
    if line.time:
        head.append(line.time)
    if line.draft:
        head.append("never sent")
    elif line.status:
        head.append(line.status)
    photo = " [photo]" if line.photo else ""
    return f"[{', '.join(head)}]{photo} {line.text}"


def clean_input(line: str) -> str:
    """`line` with anything that cannot be stored as UTF-8 (bytes the terminal could not
    decode, lone surrogates) replaced by U+FFFD, so typed text can never block saving."""
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in line)


def play_text(story: Story, inp: TextIO, out: TextIO, options: TextOptions) -> int:
    """Run the terminal game; returns the process exit code."""
    if isinstance(inp, io.TextIOWrapper):
        # Bytes that are not text in the terminal's encoding must not crash reading a line.
        inp.reconfigure(errors="replace")
    return TextGame(story, inp, out, options).run()
