"""The path a saved game took: every decision with the options it offered, replayed from the
state (a save keeps only which option was taken; what else was on offer follows from the story).
"""

from __future__ import annotations

from dataclasses import dataclass

from .report import LessonOutcome
from .runner import Phase, Runner
from .start import Start


@dataclass(frozen=True)
class Step:
    """One decision on the path: where, the prompt and options shown, and the one taken.

    `key` names the decision as class voting does (scene and how far into the game), so a
    vote's tally can be matched to the decision it settled.
    """

    number: int
    scene: str
    chapter: str
    prompt: str | None
    notes: str | None
    options: tuple[str, ...]
    chosen: int  # index into `options`
    lessons: tuple[LessonOutcome, ...]
    key: str


@dataclass(frozen=True)
class Path:
    """The decisions of a saved game, and whether the story still replays all of them."""

    steps: tuple[Step, ...]
    complete: bool


def path_taken(played: Runner) -> Path:
    """Replay `played`'s decisions from its start, noting each one's prompt and options; stops
    (complete False) where the story no longer offers the saved choice."""
    state = played.state
    begin = Start(state.seed, state.fixed, state.checkpoint, state.drawn)
    runner = Runner(played.story, state.answers, program=played.program, start=begin)
    steps: list[Step] = []
    for number, decision in enumerate(state.decisions, 1):
        while runner.phase is Phase.BEAT:
            runner.advance()
        options = runner.options
        picked = [o for o in options if o.index == decision.choice]
        if runner.phase is not Phase.CHOICE or runner.state.scene != decision.scene or not picked:
            return Path(tuple(steps), complete=False)
        before = len(runner.lesson_moments())
        key = f"{decision.scene}:{len(runner.history)}"
        step = (runner.state.scene, runner.chapter, runner.prompt, runner.prompt_notes)
        runner.choose(options.index(picked[0]))
        steps.append(
            Step(
                number,
                *step,
                options=tuple(o.text for o in options),
                chosen=options.index(picked[0]),
                lessons=runner.lesson_moments()[before:],
                key=key,
            )
        )
    return Path(tuple(steps), complete=True)
