"""A Trace: what a playthrough did, in terms both front ends must agree on.

Recorded at every point where the game waits at a choice, so undo, save and load show up as the
state they leave behind, plus the path, the ending and the lessons at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.runner import Phase, Runner

Values = tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Point:
    """The game waiting at a choice: where, the decisions that led here, and every value."""

    scene: str
    decisions: tuple[tuple[str, int], ...]
    values: Values


@dataclass(frozen=True)
class Trace:
    """A whole playthrough as both front ends must see it."""

    points: tuple[Point, ...]
    scenes: tuple[str, ...]  # the scenes shown on the final path, in order
    ending: str | None
    kept: tuple[str, ...]
    missed: tuple[str, ...]


class Recorder:
    """Collects points (a repeat of the last point, e.g. after `h`, is one point) and the end."""

    def __init__(self) -> None:
        self.points: list[Point] = []

    def note(self, runner: Runner | None) -> None:
        """Record the runner's state if it waits at a choice."""
        if runner is None or runner.phase is not Phase.CHOICE:
            return
        state = runner.state
        point = Point(
            state.scene,
            tuple((d.scene, d.choice) for d in state.decisions),
            tuple(sorted(state.values.items())),
        )
        if not self.points or self.points[-1] != point:
            self.points.append(point)

    def finish(self, runner: Runner) -> Trace:
        """The trace, with the path, ending and lessons read from where the game stopped."""
        self.note(runner)
        scenes: list[str] = []
        for scene in [entry.scene for entry in runner.history] + [runner.state.scene]:
            if not scenes or scenes[-1] != scene:
                scenes.append(scene)
        report = runner.ending
        return Trace(
            tuple(self.points),
            tuple(scenes),
            report.scene if report else None,
            tuple(m.lesson.id for m in report.kept) if report else (),
            tuple(m.lesson.id for m in report.missed) if report else (),
        )
