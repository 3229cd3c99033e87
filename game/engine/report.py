"""The ending page's report: the ending, every lesson moment in play order, the meters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .model import Lesson, Scene, Story, Template, Tone
from .playthrough import meter_row
from .state import State


class Played(Protocol):
    """What a report reads from a game: the runner, seen through only what it needs."""

    @property
    def story(self) -> Story: ...
    @property
    def state(self) -> State: ...
    @property
    def scene(self) -> Scene: ...
    def render(self, template: Template) -> str: ...
    def chapter_name(self, chapter: str) -> str: ...


@dataclass(frozen=True)
class LessonOutcome:
    """A lesson kept or missed at one moment, with the choice that decided it."""

    lesson: Lesson
    kept: bool
    note: str
    choice: str
    scene: str
    chapter: str


@dataclass(frozen=True)
class MeterTrack:
    """A meter's value at the start and after every decision."""

    id: str
    label: str
    lo: int
    hi: int
    values: tuple[int, ...]


@dataclass(frozen=True)
class EndingReport:
    """What the ending page shows: the ending, the lessons, the meters, the path."""

    scene: str
    title: str
    tone: Tone
    focus: tuple[Lesson, ...]
    moments: tuple[LessonOutcome, ...]
    kept: tuple[LessonOutcome, ...]
    missed: tuple[LessonOutcome, ...]
    meters: tuple[MeterTrack, ...]
    decisions: int


def lesson_moments(runner: Played) -> tuple[LessonOutcome, ...]:
    """Every lesson kept or missed so far, in the order it happened."""
    out: list[LessonOutcome] = []
    for d in runner.state.decisions:
        scene = runner.story.scenes.get(d.scene)
        if scene is None or d.choice >= len(scene.choices):
            continue
        choice = scene.choices[d.choice]
        out.extend(
            LessonOutcome(
                runner.story.lessons[mark.lesson],
                mark.kept,
                runner.render(mark.note) if mark.note else "",
                runner.render(choice.text),
                scene.id,
                runner.chapter_name(scene.chapter),
            )
            for mark in choice.marks
            if mark.lesson in runner.story.lessons
        )
    return tuple(out)


def meter_tracks(runner: Played) -> tuple[MeterTrack, ...]:
    """Every meter's value at the start, after each decision and now."""
    history = list(runner.state.meter_history)
    now = meter_row(runner.story, runner.state.values)
    if not history or history[-1] != now:  # effects after the last decision count too
        history.append(now)
    return tuple(
        MeterTrack(
            v.id,
            v.meter or v.id,
            v.min if v.min is not None else 0,
            v.max if v.max is not None else 10,
            tuple(row[i] for row in history),
        )
        for i, v in enumerate(runner.story.meters)
    )


def ending_report(runner: Played) -> EndingReport | None:
    """The ending reached, with lessons and meters; None before the end."""
    ending = runner.scene.ending
    if ending is None:
        return None
    moments = lesson_moments(runner)
    final: dict[str, LessonOutcome] = {}
    for m in moments:
        final[m.lesson.id] = m  # the latest moment decides: people can learn on the way
    return EndingReport(
        scene=runner.scene.id,
        title=runner.render(ending.title),
        tone=ending.tone,
        focus=tuple(runner.story.lessons[i] for i in ending.lessons),
        moments=moments,
        kept=tuple(m for m in final.values() if m.kept),
        missed=tuple(m for m in final.values() if not m.kept),
        meters=meter_tracks(runner),
        decisions=len(runner.state.decisions),
    )
