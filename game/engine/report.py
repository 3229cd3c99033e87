"""The ending page's report: the ending, every lesson moment in play order, the meters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from .expr import Expr, scenes_visited, variables_used
from .model import Band, Lesson, Outcome, Scene, Story, Template, Tone, Value, Variable
from .playthrough import meter_row
from .program import compiled
from .state import State
from .templates import pronoun_index, quotation, render
from .trace import Change, Fired, Trace, trace

# At most this many decisions are named behind one reason: the last ones that moved it.
MAX_ACTS = 3


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
class Act:
    """A decision on the path: the choice as the player read it, where, and its number."""

    choice: str
    scene: str
    chapter: str
    step: int

    @property
    def named(self) -> str:
        """The decision as every ending page words it: “choice” (chapter)."""
        return f"{quotation(self.choice)} ({self.chapter})"


@dataclass(frozen=True)
class LessonOutcome:
    """A lesson kept or missed at one moment, with the choice that decided it; `decisive`
    when that choice is one of the acts the ending page names as deciding the ending."""

    lesson: Lesson
    kept: bool
    note: str
    choice: str
    scene: str
    chapter: str
    step: int = 0
    decisive: bool = False

    @property
    def named(self) -> str:
        """The choice that decided it, as every ending page words it: “choice” (chapter)."""
        return f"{quotation(self.choice)} ({self.chapter})"


@dataclass(frozen=True)
class Reason:
    """Why the ending came: a route's `why:` (`route` True) or a `because:` line shown on
    the way (with its speaker's name, if spoken), and the acts on this path behind it."""

    text: str
    acts: tuple[Act, ...]
    route: bool
    speaker: str | None = None


@dataclass(frozen=True)
class Given:
    """Something never up to the player: a draw's `says:` line for a draw that changed where
    a route led (`fixed` when the facilitator set it rather than the draw)."""

    variable: str
    text: str
    fixed: bool


@dataclass(frozen=True)
class Tally:
    """A count described in words (a `words:` variable that is not a meter), with every act
    that raised it, in play order."""

    id: str
    value: int
    words: str
    acts: tuple[Act, ...]


@dataclass(frozen=True)
class MeterTrack:
    """A meter's value at the start and after every decision, and its words now (if any)."""

    id: str
    label: str
    lo: int
    hi: int
    values: tuple[int, ...]
    words: str | None = None


# Where the ending leaves the two of them, in the words every front end shows.
OUTCOME_WORDS = {
    Outcome.TOGETHER: "You end up together.",
    Outcome.FRIENDS: "You end up as friends.",
    Outcome.APART: "You end up apart.",
}


@dataclass(frozen=True)
class EndingReport:
    """What the ending page shows: the ending, what decided it, the lessons, the meters."""

    scene: str
    title: str
    tone: Tone
    focus: tuple[Lesson, ...]
    moments: tuple[LessonOutcome, ...]
    kept: tuple[LessonOutcome, ...]
    missed: tuple[LessonOutcome, ...]
    meters: tuple[MeterTrack, ...]
    decisions: int
    outcome: Outcome | None = None
    questions: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    given: tuple[Given, ...] = ()
    tallies: tuple[Tally, ...] = ()

    @property
    def outcome_words(self) -> str | None:
        """Where the ending leaves them, as a sentence; None when the ending does not say."""
        return OUTCOME_WORDS[self.outcome] if self.outcome is not None else None


def _acts(runner: Played) -> tuple[Act, ...]:
    """Every decision on the path as an act, by step."""
    out = []
    for step, d in enumerate(runner.state.decisions):
        scene = runner.story.scenes.get(d.scene)
        if scene is None or d.choice >= len(scene.choices):
            continue
        text = runner.render(scene.choices[d.choice].text)
        out.append(Act(text, scene.id, runner.chapter_name(scene.chapter), step))
    return tuple(out)


def lesson_moments(
    runner: Played, decisive: frozenset[int] = frozenset()
) -> tuple[LessonOutcome, ...]:
    """Every lesson kept or missed so far, in the order it happened."""
    out: list[LessonOutcome] = []
    for step, d in enumerate(runner.state.decisions):
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
                step,
                step in decisive,
            )
            for mark in choice.marks
            if mark.lesson in runner.story.lessons
        )
    return tuple(out)


def _behind(
    reads: tuple[frozenset[str], frozenset[str]],
    changes: tuple[Change, ...],
    upto: int,
    acts: dict[int, Act],
) -> tuple[Change, ...]:
    """The decisions (up to step `upto`) that changed a variable, or raised a count, that a
    condition reads, in play order."""
    names, keys = reads
    return tuple(
        c
        for c in changes
        if c.step <= upto and c.step in acts and (names & c.values.keys() or keys & c.counted)
    )


def _undone(fired: Fired, change: Change) -> tuple[dict[str, Value], dict[str, int]]:
    """The values and counts a route read, as they would be without one decision."""
    values, visits = dict(fired.values), dict(fired.visits)
    for var, (old, new) in change.values.items():
        now = values.get(var)
        if isinstance(now, int) and isinstance(old, int) and isinstance(new, int):
            values[var] = now - (new - old)
        else:
            values[var] = old
    for key in change.counted:
        visits[key] = max(0, visits.get(key, 0) - 1)
    return values, visits


def _route_acts(story: Story, fired: Fired, path: Trace, acts: dict[int, Act]) -> tuple[Act, ...]:
    """The acts behind a route: those without which it would have led elsewhere, else the
    last few that moved what it read."""
    program = compiled(story)
    moved = _behind(_route_reads(story, fired), path.changes, fired.step, acts)
    here = program.route(fired.scene, fired.values, fired.visits)
    turning = [c for c in moved if program.route(fired.scene, *_undone(fired, c)) != here]
    return tuple(acts[c.step] for c in (turning or list(moved))[-MAX_ACTS:])


def _reads(exprs: list[Expr | None]) -> tuple[frozenset[str], frozenset[str]]:
    names: set[str] = set()
    keys: set[str] = set()
    for e in exprs:
        if e is not None:
            names |= variables_used(e)
            keys |= scenes_visited(e)
    return frozenset(names), frozenset(keys)


def _route_reads(story: Story, fired: Fired) -> tuple[frozenset[str], frozenset[str]]:
    """What decided a route: its own condition, or (for the last, unconditional arm) the
    conditions before it that did not hold."""
    routes = story.scenes[fired.scene].routes
    own = routes[fired.index].condition
    return _reads([own] if own is not None else [r.condition for r in routes[: fired.index]])


def _speak(story: Story, template: Template, values: Mapping[str, Value]) -> str:
    return render(template, values, pronoun_index(values.get(story.pronouns or "")))


def reasons(runner: Played, path: Trace, acts: dict[int, Act]) -> tuple[Reason, ...]:
    """Routes' `why:` lines and `because:` lines in play order, each with its acts."""
    story = runner.story
    items: list[tuple[int, int, Reason]] = []
    for n, fired in enumerate(path.fired):
        route = story.scenes[fired.scene].routes[fired.index]
        if route.why is None:
            continue
        reason = Reason(
            _speak(story, route.why, fired.values),
            _route_acts(story, fired, path, acts),
            True,
        )
        items.append((fired.step, n, reason))
    base = len(path.fired)
    for n, shown in enumerate(path.shown):
        beat = story.scenes[shown.scene].beats[shown.index]
        speaker = None
        if beat.speaker is not None and beat.speaker in story.characters:
            speaker = _speak(story, story.characters[beat.speaker].name, shown.values)
        reads = _reads([beat.condition])
        reason = Reason(
            _speak(story, beat.text, shown.values),
            tuple(acts[c.step] for c in _behind(reads, path.changes, shown.step, acts)[-MAX_ACTS:]),
            False,
            speaker,
        )
        items.append((shown.step, base + n, reason))
    # Routes and lines of one step keep their own order: routes lead to the lines.
    return tuple(r for _, _, r in sorted(items, key=lambda t: (t[0], t[1])))


def never_up_to_you(runner: Played, path: Trace) -> tuple[Given, ...]:
    """The `says:` lines of the draws that changed where a fired route led."""
    story, state = runner.story, runner.state
    out: dict[str, Given] = {}
    drawn = [v for v in story.variables.values() if v.draw]
    for fired in path.fired:
        for var in drawn:
            if var.id in out or not _mattered(runner, fired, var):
                continue
            value = fired.values.get(var.id)
            says = next((d.says for d in var.draw if d.value == value), None)
            if says is not None:
                text = _speak(story, says, fired.values)
                out[var.id] = Given(var.id, text, var.id in state.fixed)
    return tuple(out.values())


def _mattered(runner: Played, fired: Fired, var: Variable) -> bool:
    """True when another drawn value of `var` would have sent the route elsewhere."""
    program = compiled(runner.story)
    here = program.route(fired.scene, fired.values, fired.visits)
    for outcome in var.draw:
        if outcome.value == fired.values.get(var.id):
            continue
        other = {**fired.values, var.id: outcome.value}
        if program.route(fired.scene, other, fired.visits) != here:
            return True
    return False


def tallies(runner: Played, path: Trace, acts: dict[int, Act]) -> tuple[Tally, ...]:
    """Counts described in words, each with the acts that raised it."""
    out = []
    values = runner.state.values
    for var in runner.story.variables.values():
        if var.meter or not var.words:
            continue
        value = int(values[var.id])
        band = words_for(var, value)
        raised = tuple(
            acts[c.step]
            for c in path.changes
            if var.id in c.values and _rose(c.values[var.id]) and c.step in acts
        )
        words = runner.render(band.text) if band is not None else ""
        out.append(Tally(var.id, value, words, raised))
    return tuple(out)


def _rose(change: tuple[Value, Value]) -> bool:
    old, new = change
    return isinstance(old, int) and isinstance(new, int) and new > old


def meter_tracks(runner: Played) -> tuple[MeterTrack, ...]:
    """Every meter's value at the start, after each decision and now."""
    history = list(runner.state.meter_history)
    now = meter_row(runner.story, runner.state.values)
    if not history or history[-1] != now:  # effects after the last decision count too
        history.append(now)
    return tuple(
        MeterTrack(
            v.id,
            runner.render(v.label) if v.label is not None else v.meter or v.id,
            v.min if v.min is not None else 0,
            v.max if v.max is not None else 10,
            tuple(row[i] for row in history),
            _words(runner, v),
        )
        for i, v in enumerate(runner.story.meters)
    )


def ending_report(runner: Played) -> EndingReport | None:
    """The ending reached, with what decided it, lessons and meters; None before the end."""
    ending = runner.scene.ending
    if ending is None:
        return None
    path = trace(runner.story, runner.state)
    acts = {a.step: a for a in _acts(runner)}
    why = reasons(runner, path, acts)
    decisive = frozenset(a.step for r in why for a in r.acts)
    moments = lesson_moments(runner, decisive)
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
        outcome=ending.outcome,
        questions=tuple(runner.render(q) for q in ending.questions),
        reasons=why,
        given=never_up_to_you(runner, path),
        tallies=tallies(runner, path, acts),
    )


def words_for(var: Variable, value: int) -> Band | None:
    """The band that describes `value` (values past the last band use the last one)."""
    for band in var.words:
        if value <= band.upto:
            return band
    return var.words[-1] if var.words else None


def _words(runner: Played, var: Variable) -> str | None:
    band = words_for(var, int(runner.state.values[var.id]))
    return runner.render(band.text) if band is not None else None
