"""What if?: a game's decisions on a timeline, the game rewound to one of them, and two games
compared side by side. Front ends only show what these return.

A game is rewound by replaying it from its start (same answers, draws, fixed values and
checkpoint) up to the decision asked for, so it works the same for a game just played and for
one loaded from a save; the game it came from is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Outcome, Story, Tone
from .runner import MAX_REPLAY_BEATS, Phase, Runner, RunnerError
from .start import Start, StartError
from .state import Decision, State, StateError


class ReplayError(Exception):
    """A game whose path the story no longer has (it changed since): it cannot be rewound."""


@dataclass(frozen=True)
class Turn:
    """One past decision: its number (from 1), where, the line before it, the options then
    offered (as shown) and which of them was taken (a place in `options`)."""

    number: int
    chapter: str
    before: str
    options: tuple[str, ...]
    chosen: int

    @property
    def choice(self) -> str:
        """The option taken."""
        return self.options[self.chosen]


@dataclass(frozen=True)
class Side:
    """One of two games compared: every choice in play order, the ending (None while the game
    is not over), and the lessons kept and missed (by title) as they stand."""

    choices: tuple[str, ...]
    ending: str | None
    tone: Tone | None
    outcome: Outcome | None
    kept: tuple[str, ...]
    missed: tuple[str, ...]


@dataclass(frozen=True)
class LessonApart:
    """A lesson the two games stand differently on: kept (True), missed (False) or never met
    (None) in each."""

    title: str
    first: bool | None
    second: bool | None


@dataclass(frozen=True)
class Comparison:
    """Two games side by side: the decision where they part (`split`, from 1; 0 when one
    only goes further along the same path), each side, and the lessons they differ on."""

    split: int
    chapter: str
    first: Side
    second: Side
    apart: tuple[LessonApart, ...]

    @property
    def same_ending(self) -> bool:
        """True when both games ended, in the same ending."""
        return self.first.ending is not None and self.first.ending == self.second.ending


def _fresh(story: Story, state: State) -> Runner:
    """A new game started exactly as `state`'s was."""
    begin = Start(state.seed, state.fixed, state.checkpoint, state.drawn)
    try:
        return Runner(story, state.answers, start=begin)
    except StartError as err:
        raise ReplayError(str(err)) from None


def _to_choice(runner: Runner) -> None:
    """Read on to the next choice (or ending)."""
    for _ in range(MAX_REPLAY_BEATS):
        if runner.phase is not Phase.BEAT:
            return
        runner.advance()
    raise ReplayError("the story reads on without a choice")


def _place(runner: Runner, decision: Decision) -> int:
    """Where `decision` is among the options shown now."""
    if runner.phase is not Phase.CHOICE or runner.state.scene != decision.scene:
        raise ReplayError("the story has changed since this game: its path is gone")
    for place, option in enumerate(runner.options):
        if option.index == decision.choice:
            return place
    raise ReplayError("the story has changed since this game: a choice it took is gone")


def _walk(story: Story, state: State, stop: int) -> tuple[Runner, tuple[Turn, ...]]:
    """Replay `state`'s first `stop` decisions; the runner at the next choice and the turns."""
    runner = _fresh(story, state)
    turns: list[Turn] = []
    try:
        for number, decision in enumerate(state.decisions[:stop], 1):
            _to_choice(runner)
            place = _place(runner, decision)
            history = runner.history
            before = next((h.text for h in reversed(history) if h.kind == "line"), "")
            options = tuple(o.text for o in runner.options)
            turns.append(Turn(number, runner.chapter, before, options, place))
            runner.choose(place)
        _to_choice(runner)
    except RunnerError as err:
        raise ReplayError(str(err)) from None
    return runner, tuple(turns)


def timeline(story: Story, state: State) -> tuple[Turn, ...]:
    """Every decision of the game at `state`, oldest first (ReplayError: the story changed)."""
    return _walk(story, state, len(state.decisions))[1]


def rewound(story: Story, state: State, turn: int) -> Runner:
    """A new runner at decision `turn`'s choices (from 1), with the decisions before it taken;
    `state`'s game is untouched (ReplayError: the story changed; ValueError: no such turn)."""
    if not 1 <= turn <= len(state.decisions):
        raise ValueError(f"there is no decision {turn} (the game made {len(state.decisions)})")
    runner, _ = _walk(story, state, turn - 1)
    _place(runner, state.decisions[turn - 1])  # the decision is still there to take otherwise
    return runner


def _restored(story: Story, state: State) -> Runner:
    try:
        runner, _ = Runner.restore(story, state.to_json())
    except StateError as err:
        raise ReplayError(str(err)) from None
    return runner


def side(runner: Runner) -> Side:
    """How a game stands, for a comparison."""
    final: dict[str, bool] = {}
    titles: dict[str, str] = {}
    for moment in runner.lesson_moments():
        final[moment.lesson.id] = moment.kept  # the latest moment decides, as on the ending page
        titles[moment.lesson.id] = moment.lesson.title
    report = runner.ending
    ending = runner.scene.ending if report is not None else None
    return Side(
        choices=tuple(h.text for h in runner.history if h.kind == "choice"),
        ending=report.title if report is not None else None,
        tone=report.tone if report is not None else None,
        outcome=ending.outcome if ending is not None else None,
        kept=tuple(titles[k] for k, kept in final.items() if kept),
        missed=tuple(titles[k] for k, kept in final.items() if not kept),
    )


def split_at(first: State, second: State) -> int:
    """The decision (from 1) where two games part; 0 when one is the other's way so far."""
    for number, (a, b) in enumerate(zip(first.decisions, second.decisions, strict=False), 1):
        if (a.scene, a.choice) != (b.scene, b.choice):
            return number
    return 0


def compare(story: Story, first: State, second: State) -> Comparison:
    """Two games of `story` side by side (ReplayError when one can no longer be replayed)."""
    a, b = _restored(story, first), _restored(story, second)
    split = split_at(first, second)
    chosen = [h for h in a.history if h.kind == "choice"]
    chapter = chosen[split - 1].chapter if 0 < split <= len(chosen) else ""
    left, right = side(a), side(b)
    return Comparison(split, chapter, left, right, lessons_apart(left, right))


def lessons_apart(first: Side, second: Side) -> tuple[LessonApart, ...]:
    """The lessons two games stand differently on, in the order the first game met them."""

    def standing(side: Side, title: str) -> bool | None:
        return True if title in side.kept else False if title in side.missed else None

    titles = dict.fromkeys((*first.kept, *first.missed, *second.kept, *second.missed))
    return tuple(
        LessonApart(t, standing(first, t), standing(second, t))
        for t in titles
        if standing(first, t) != standing(second, t)
    )
