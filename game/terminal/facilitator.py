"""The terminal's facilitator extras (`--text --facilitator`): the prompt's notes, the
discussion timer as text, and the session report (on request, and written at the ending)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from game.classroom.session import report_path, session_report, write_session_report
from game.classroom.timer import MAX_MINUTES, MIN_MINUTES, DiscussionTimer
from game.engine.session import Session
from game.persistence.errors import SaveError

from . import wording


class TextFacilitator:
    """Notes, timer and report for one terminal session; each command returns what to say."""

    def __init__(self, session: Session, base: Path, clock: Callable[[], float]) -> None:
        self.session = session
        self.base = base  # the data folder: reports go in its reports/
        self.clock = clock
        self.timer = DiscussionTimer()
        self._since: float | None = None  # when the running timer was last brought up to date

    def notes(self, _: str = "") -> str:
        """The facilitator notes of the prompt on screen, or why there are none."""
        runner = self.session.runner
        if runner.prompt is None:
            return "No discussion prompt here."
        notes = runner.prompt_notes
        return f"Notes: {notes}" if notes else "This prompt has no facilitator notes."

    def timer_command(self, arg: str) -> str:
        """`t`: start, or say the time left; `t pause`, `t reset`, `t 5` (minutes, restarts)."""
        self._catch_up()
        timer, word = self.timer, arg.strip().lower()
        if word == "reset":
            timer.reset()
            return f"Discussion timer reset ({timer.minutes} min)."
        if word == "pause":
            if timer.running:
                timer.toggle()
            return f"Discussion timer paused: {self._left()}."
        if word.isdigit() and MIN_MINUTES <= int(word) <= MAX_MINUTES:
            timer.reset()
            timer.minutes = int(word)
        elif word:
            return f"Type t, t pause, t reset, or t and minutes ({MIN_MINUTES} to {MAX_MINUTES})."
        if not timer.running:
            timer.toggle()
            self._since = self.clock()
            return f"Discussion timer running: {self._left()}."
        return f"Discussion timer: {self._left()}."

    def _catch_up(self) -> None:
        now = self.clock()
        if self.timer.running and self._since is not None:
            self.timer.tick(now - self._since)
        self._since = now

    def _left(self) -> str:
        timer = self.timer
        if timer.over:
            return f"time is up ({timer.text()} over {timer.minutes} min)"
        return f"{timer.text()} left of {timer.minutes} min"

    def report(self, _: str = "") -> str:
        """Write the session report of the game so far; where it went, or why not."""
        when = datetime.now().astimezone()
        report = session_report(self.session.runner, when, aside=self.session.aside)
        try:
            html, md = write_session_report(
                report, report_path(self.base, self.session.story.id, when)
            )
        except SaveError as err:
            return f"No report written: {wording.save_error(err)}"
        return f"Session report written: {html} (and {md.name})"
