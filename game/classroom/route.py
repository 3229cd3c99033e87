"""Timings from a story and a lesson plan that fits a class period.

Reading time comes from random playthroughs (`explore --random`): how often each scene is
reached, times its words, at the pace a class reads a projected text together. A plan keeps
time for an opening, the stops to discuss and the ending page, and starts at a later chapter
from a checkpoint when the whole story would not fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.authoring.playthroughs import random_runs
from game.engine.model import Story
from game.engine.program import Program

# Words a minute when a room reads a projected text together (slower than silent reading).
READING_PACE = 130
# Minutes for a room to read the options and settle a choice without discussing it.
DECIDING_MINUTES = 0.5
# A stop to discuss a prompt, the opening (content note, how choosing works), the close.
DISCUSSION_MINUTES = 4
OPENING_MINUTES = 3
CLOSING_MINUTES = 8
# Reading may take at most this share of the playing time: the rest is discussion.
READING_SHARE = 0.7
SAMPLE_RUNS = 400
# A prompt is a sure stop when at least this share of runs reach it.
MOST_RUNS = 0.5


@dataclass(frozen=True)
class ChapterTiming:
    """One chapter: how long a typical run spends in it, and its likely discussion stops."""

    id: str
    minutes: float
    words: int
    stops: tuple[str, ...]  # scenes with a prompt that most runs reach, in story order


@dataclass(frozen=True)
class Stop:
    """One line of a lesson plan: from which minute, for how long, doing what."""

    at: int
    minutes: int
    what: str
    scene: str | None = None  # the prompt's scene for a discussion stop


@dataclass(frozen=True)
class Plan:
    """A lesson plan: where to start, what to do when, and whether it fits its minutes."""

    minutes: int
    checkpoint: str | None  # checkpoint id to start from (None: the beginning)
    chapters: tuple[str, ...]
    stops: tuple[Stop, ...]
    fits: bool


def chapter_timings(story: Story, program: Program | None = None) -> tuple[ChapterTiming, ...]:
    """Each chapter's reading and deciding time in a typical run (a seeded, repeatable sample)."""
    report = random_runs(story, SAMPLE_RUNS, seed=1, program=program)
    runs = max(1, len(report.runs))
    out = []
    for chapter in story.chapters:
        words = 0.0
        minutes = 0.0
        prompts: dict[str, float] = {}
        for sid, scene in story.scenes.items():
            if scene.chapter != chapter:
                continue
            share = report.scene_hits.get(sid, 0) / runs
            said = sum(len(b.text.source.split()) for b in scene.beats)
            words += share * said
            minutes += share * (DECIDING_MINUTES if scene.choices else 0.0)
            if scene.prompt is not None and share > 0:
                prompts[sid] = share
        out.append(
            ChapterTiming(
                chapter, minutes + words / READING_PACE, round(words), _likely_stops(prompts)
            )
        )
    return tuple(out)


def _likely_stops(shares: dict[str, float]) -> tuple[str, ...]:
    """The prompts most runs reach; in a branching chapter where none is, the likeliest one,
    so every chapter offers a stop to discuss."""
    likely = tuple(sid for sid, share in shares.items() if share >= MOST_RUNS)
    if likely or not shares:
        return likely
    return (max(shares, key=lambda sid: shares[sid]),)


def plan(story: Story, timings: tuple[ChapterTiming, ...], minutes: int) -> Plan:
    """The plan for a lesson of `minutes`: the latest start needed to fit, evenly spread stops."""
    playing = minutes - OPENING_MINUTES - CLOSING_MINUTES
    first = _first_chapter(story, timings, playing * READING_SHARE)
    played = timings[first:]
    reading = sum(t.minutes for t in played)
    candidates = [(t.id, sid) for t in played for sid in t.stops]
    room = max(1, int((playing - reading) // DISCUSSION_MINUTES))
    chosen = set(_spread(candidates, room))
    checkpoint = _checkpoint_for(story, timings[first].id) if first else None
    stops = [Stop(0, OPENING_MINUTES, "opening")]
    clock = float(OPENING_MINUTES)
    for t in played:
        stops.append(Stop(round(clock), max(1, round(t.minutes)), "chapter", t.id))
        clock += t.minutes
        for sid in t.stops:
            if (t.id, sid) in chosen:
                stops.append(Stop(round(clock), DISCUSSION_MINUTES, "discuss", sid))
                clock += DISCUSSION_MINUTES
    stops.append(Stop(round(clock), CLOSING_MINUTES, "closing"))
    total = round(clock) + CLOSING_MINUTES
    return Plan(minutes, checkpoint, tuple(t.id for t in played), tuple(stops), total <= minutes)


def _first_chapter(story: Story, timings: tuple[ChapterTiming, ...], budget: float) -> int:
    """The earliest chapter (the first, or one a checkpoint starts) whose rest fits `budget`."""
    starts = [0] + [
        i for i, t in enumerate(timings) if i and _checkpoint_for(story, t.id) is not None
    ]
    for i in starts:
        if sum(t.minutes for t in timings[i:]) <= budget:
            return i
    return starts[-1] if len(starts) > 1 else 0


def _checkpoint_for(story: Story, chapter: str) -> str | None:
    """The first checkpoint that starts in `chapter`."""
    for checkpoint in story.checkpoints:
        scene = story.scenes.get(checkpoint.scene)
        if scene is not None and scene.chapter == chapter:
            return checkpoint.id
    return None


def _spread(items: list[tuple[str, str]], count: int) -> list[tuple[str, str]]:
    """`count` of `items`, evenly spaced and in order (all of them when they fit)."""
    if count >= len(items):
        return items
    gap = len(items) / count
    return [items[int(i * gap + gap / 2)] for i in range(count)]
