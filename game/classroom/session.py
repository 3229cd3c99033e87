"""The session report's contents: a game's path, its class votes, its ending and meters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from game.engine.path import Step, path_taken
from game.engine.report import EndingReport, MeterTrack, meter_tracks
from game.engine.runner import Runner
from game.engine.session import SetAside
from game.engine.whatif import Comparison, ReplayError, compare

from .render import write_handout

REPORTS_FOLDER = "reports"


class VoteTally(Protocol):
    """A closed class vote as the voting server records it (`game.voting.VoteRecord`)."""

    @property
    def decision_id(self) -> str: ...
    @property
    def prompt(self) -> str: ...
    @property
    def options(self) -> tuple[str, ...]: ...
    @property
    def counts(self) -> tuple[int, ...]: ...
    @property
    def winner(self) -> int | None: ...


@dataclass(frozen=True)
class Split:
    """How the room voted on one decision: counts, their percentages, and the room's pick."""

    prompt: str
    options: tuple[str, ...]
    counts: tuple[int, ...]
    percents: tuple[int, ...]
    winner: int | None  # None: a tie, settled by the facilitator

    @property
    def total(self) -> int:
        """Votes cast."""
        return sum(self.counts)


@dataclass(frozen=True)
class ReportStep:
    """A decision on the path, with the class vote that settled it (if one did)."""

    step: Step
    vote: Split | None
    shown: int | None = None  # whole seconds its Discuss card was up, when the window timed it

    @property
    def overruled(self) -> bool:
        """True when the room's pick is not the option taken (the facilitator chose)."""
        return self.vote is not None and self.vote.winner not in (None, self.step.chosen)


@dataclass(frozen=True)
class Branch:
    """A What if? tried: the decision (from 1) gone back to, and the set-aside game beside the
    game reported (`comparison.first` is the set-aside game, `second` this one)."""

    turn: int
    comparison: Comparison

    @property
    def choices(self) -> tuple[str | None, str | None]:
        """The option each game took where they split (None: that game never got there)."""
        at = self.comparison.split - 1

        def took(choices: tuple[str, ...]) -> str | None:
            return choices[at] if 0 <= at < len(choices) else None

        return took(self.comparison.first.choices), took(self.comparison.second.choices)


@dataclass(frozen=True)
class SessionReport:
    """Everything the session report shows, already worded by the engine and the story."""

    title: str
    version: str
    date: str
    chapters: tuple[str, ...]
    steps: tuple[ReportStep, ...]
    complete: bool
    ending: EndingReport | None
    questions: tuple[str, ...]
    meters: tuple[MeterTrack, ...]
    other_votes: tuple[Split, ...]  # votes at decisions later undone
    branches: tuple[Branch, ...] = ()  # What if? games set aside, oldest first

    @property
    def votes(self) -> int:
        """How many decisions the room voted on."""
        return sum(1 for s in self.steps if s.vote is not None)


def split_of(vote: VoteTally) -> Split:
    """A vote record as the report shows it, with whole percentages."""
    total = sum(vote.counts)
    percents = tuple(round(100 * n / total) if total else 0 for n in vote.counts)
    return Split(vote.prompt, vote.options, vote.counts, percents, vote.winner)


def branches_of(runner: Runner, aside: Iterable[SetAside]) -> tuple[Branch, ...]:
    """Each game set aside by What if? compared with the game in `runner`; a game the story
    can no longer replay is left out."""
    out = []
    for game in aside:
        try:
            out.append(Branch(game.turn, compare(runner.story, game.state, runner.state)))
        except ReplayError:
            continue
    return tuple(out)


def session_report(
    runner: Runner,
    when: datetime,
    votes: Iterable[VoteTally] = (),
    aside: Iterable[SetAside] = (),
    shown: Mapping[str, float] | None = None,
) -> SessionReport:
    """The report of the game in `runner` as it stands, with the class votes taken in it, the
    What if? games set aside on the way and how long each Discuss card was up (by key)."""
    seconds = shown or {}
    path = path_taken(runner)
    by_key: dict[str, VoteTally] = {}
    for vote in votes:
        by_key[vote.decision_id] = vote  # a re-run vote replaces the earlier one
    used = {s.key for s in path.steps}
    steps = tuple(
        ReportStep(
            s,
            split_of(by_key[s.key]) if s.key in by_key else None,
            round(seconds[s.key]) if s.key in seconds else None,
        )
        for s in path.steps
    )
    ending = runner.ending
    questions = runner.scene.ending.questions if runner.scene.ending is not None else ()
    chapters = tuple(dict.fromkeys([*(h.chapter for h in runner.history), runner.chapter]))
    return SessionReport(
        title=runner.story.title,
        version=runner.story.version,
        date=f"{when.day} {when:%B %Y, %H:%M} {when.tzname() or ''}".rstrip(),
        chapters=chapters,
        steps=steps,
        complete=path.complete,
        ending=ending,
        questions=tuple(runner.render(q) for q in questions) if ending is not None else (),
        meters=meter_tracks(runner),
        other_votes=tuple(split_of(v) for k, v in by_key.items() if k not in used),
        branches=branches_of(runner, aside),
    )


def report_path(base: Path, story_id: str, when: datetime) -> Path:
    """Where a session report goes in the data folder: reports/STORY-DATE-TIME (.html, .md)."""
    return base / REPORTS_FOLDER / f"{story_id}-{when:%Y-%m-%d-%H%M%S}"


def write_session_report(report: SessionReport, out: Path) -> tuple[Path, Path]:
    """Write the report as HTML and Markdown beside `out`; the two paths (SaveError)."""
    return write_handout("report", {"r": report}, out)
