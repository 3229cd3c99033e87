"""Seeded random playthroughs: a uniform player, or one that prefers kept lessons.

Each run draws the story's drawn variables by weight from the run's random stream, so many
runs show how often each ending comes up for real games.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import MutableMapping
from dataclasses import dataclass, field

from game.engine.model import Scene, Story, Value
from game.engine.program import Program, RouteLoopError, compiled
from game.engine.state import initial_values

from .explore import MAX_RUN_DECISIONS, run_limit


@dataclass(frozen=True)
class Run:
    """One random playthrough: where it ended and how long it was."""

    ending: str | None
    decisions: int
    beats: int
    words: int


@dataclass
class RandomReport:
    """Many random playthroughs: endings reached, scene hit counts, run lengths."""

    runs: list[Run] = field(default_factory=list)
    scene_hits: dict[str, int] = field(default_factory=dict)

    @property
    def steps(self) -> int:
        """Beats shown plus choices made, over all runs."""
        return sum(r.beats + r.decisions for r in self.runs)

    def shares(self) -> dict[str, float]:
        """Each ending's share of the runs (0 to 1), most common first."""
        counts = sorted(self.endings().items(), key=lambda kv: -kv[1])
        return {name: count / len(self.runs) for name, count in counts}

    def endings(self) -> dict[str, int]:
        """How many runs reached each ending (None: stuck or too long)."""
        counts: dict[str, int] = {}
        for r in self.runs:
            name = r.ending or "(no ending)"
            counts[name] = counts.get(name, 0) + 1
        return counts

    def median_words(self) -> float:
        """The median words read in one playthrough."""
        return statistics.median(r.words for r in self.runs) if self.runs else 0.0


class _Tally:
    """Counts scenes hit, lines shown and words read by one random run (a `Program.settle`
    watch)."""

    def __init__(self, program: Program, hits: dict[str, int]) -> None:
        self.visible = program.visible_beats
        self.counts = {sid: cs.word_counts for sid, cs in program.scenes.items()}
        self.hits = hits
        self.beats = 0
        self.words = 0

    def __call__(
        self, sid: str, values: MutableMapping[str, Value], visits: MutableMapping[str, int], r: int
    ) -> None:
        hits = self.hits
        hits[sid] = hits.get(sid, 0) + 1
        shown = self.visible(sid, values, visits)
        self.beats += len(shown)
        counts = self.counts[sid]
        self.words += sum([counts[i] for i in shown])


PREFERENCES = ("kept",)


def random_runs(
    story: Story,
    n: int,
    seed: int,
    *,
    program: Program | None = None,
    prefer: str | None = None,
) -> RandomReport:
    """`n` playthroughs, reproducible by `seed`: picking uniformly among the available choices,
    or with `prefer="kept"` among those that keep a lesson (see `kept_first`)."""
    program = program or compiled(story)
    drawn = [v for v in story.variables.values() if v.draw]
    rng = random.Random(seed)
    report = RandomReport()
    base = initial_values(story, {})
    scenes = program.scenes
    tally = _Tally(program, report.scene_hits)
    limit = run_limit(story)
    for _ in range(n):
        values = dict(base)
        for var in drawn:  # in declaration order, by weight, as a new game draws them
            values[var.id] = rng.choices([d.value for d in var.draw], [d.weight for d in var.draw])[
                0
            ]
        visits: dict[str, int] = {}
        taken: frozenset[str] = frozenset()
        tally.beats = tally.words = decisions = 0
        ending = None
        try:
            sid = program.settle(story.start, values, visits, show=False, watch=tally, limit=limit)
            while True:
                scene = scenes[sid].scene
                if scene.ending is not None:
                    ending = sid
                    break
                available = program.available(sid, values, visits, taken)
                if not available or decisions >= MAX_RUN_DECISIONS:
                    break
                if prefer is not None:
                    available = kept_first(scene, available)
                i = available[rng.randrange(len(available))] if len(available) > 1 else available[0]
                tally.words += len(scene.choices[i].text.source.split())
                decisions += 1
                sid, taken = program.step(
                    sid, i, values, visits, taken, show=False, watch=tally, limit=limit
                )
        except RouteLoopError:
            pass  # the checker reports the loop; this run just has no ending
        report.runs.append(Run(ending, decisions, tally.beats, tally.words))
    return report


def kept_first(scene: Scene, available: tuple[int, ...]) -> tuple[int, ...]:
    """The "flawless player's" options: the choices with a kept mark and no missed mark; else
    those with any kept mark; else all of them."""
    marks = [(i, scene.choices[i].marks) for i in available]
    clean = tuple(i for i, ms in marks if ms and all(m.kept for m in ms))
    if clean:
        return clean
    some = tuple(i for i, ms in marks if any(m.kept for m in ms))
    return some or available
