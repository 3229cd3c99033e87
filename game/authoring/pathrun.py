"""Running path tests on the engine's Runner: each step played, each expectation checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from game.engine import expr as ex
from game.engine.diagnostics import Code, Diagnostic
from game.engine.model import Span, Story
from game.engine.program import PlayError
from game.engine.runner import Phase, Runner
from game.engine.start import StartError

from .pathtests import Check, PathFile, PathTest, Step, path_test_files, read_test_file

# A story whose beats never reach a choice would otherwise hold the test run for ever.
MAX_BEATS_PER_STEP = 100_000


@dataclass(frozen=True)
class PathResult:
    """One test's name and its failures (none when it passed)."""

    name: str
    span: Span
    failures: tuple[Diagnostic, ...]

    @property
    def passed(self) -> bool:
        """True when every step played and every expectation held."""
        return not self.failures


class _Stop(Exception):
    """A step that cannot be played: the test cannot go on past it."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


Quote = Callable[[Code, str, Span], Diagnostic]


def run_file(story: Story, path: Path) -> tuple[PathFile, tuple[PathResult, ...]]:
    """Read a test file and run its tests (none when it could not be read cleanly)."""
    read = read_test_file(story, path)
    if read.diagnostics or read.source is None:
        return read, ()
    source = read.source
    return read, tuple(run_test(story, t, source.diag) for t in read.tests)


def run_story_tests(story: Story) -> list[tuple[PathFile, tuple[PathResult, ...]]]:
    """Every test file of the story, read and run."""
    return [run_file(story, path) for path in path_test_files(story.root)]


def run_test(story: Story, test: PathTest, quote: Quote) -> PathResult:
    """Play one test; its failures quote the test file's lines."""
    try:
        runner = Runner(story, start=test.start)
    except (StartError, PlayError) as err:
        failure = quote(Code.STEP_NOT_PLAYABLE, f"the game cannot start: {err}", test.span)
        return PathResult(test.name, test.span, (failure,))
    failures: list[Diagnostic] = []
    try:
        for step in test.steps:
            failures.extend(_play_step(runner, step, quote))
    except _Stop as stop:
        failures.append(stop.diagnostic)
    return PathResult(test.name, test.span, tuple(failures))


def _play_step(runner: Runner, step: Step, quote: Quote) -> list[Diagnostic]:
    _read_on(runner, step, quote)
    if step.kind == "choose":
        picked = _option(runner, step, quote)
        try:
            runner.choose(picked)
        except PlayError as err:
            message = f"the game stopped: {err}"
            raise _Stop(quote(Code.STEP_NOT_PLAYABLE, message, step.span)) from None
        return []
    failed = [(c, _why(runner, c)) for c in step.checks]
    return [quote(Code.EXPECTATION_FAILED, why, c.span) for c, why in failed if why]


def _read_on(runner: Runner, step: Step, quote: Quote) -> None:
    """Advance through lines to the next choice or the ending."""
    try:
        for _ in range(MAX_BEATS_PER_STEP):
            if runner.phase is not Phase.BEAT:
                return
            runner.advance()
    except PlayError as err:
        raise _Stop(quote(Code.STEP_NOT_PLAYABLE, f"the game stopped: {err}", step.span)) from None
    message = f"no choice or ending after {MAX_BEATS_PER_STEP:,} lines"
    raise _Stop(quote(Code.STEP_NOT_PLAYABLE, message, step.span))


def where(runner: Runner) -> str:
    """Where the game stands, for failure messages."""
    sid = runner.scene.id
    if runner.phase is Phase.ENDED:
        return f"the game ended at '{sid}'"
    offered = "; ".join(f"{o.number}. {o.text}" for o in runner.options)
    return f"the game waits in scene '{sid}' with choices: {offered}"


def _option(runner: Runner, step: Step, quote: Quote) -> int:
    """The 0-based option `step` picks; _Stop when it picks none or several."""

    def stop(message: str) -> _Stop:
        return _Stop(quote(Code.STEP_NOT_PLAYABLE, f"{message}: {where(runner)}", step.span))

    if runner.phase is Phase.ENDED:
        return _raise(stop("nothing to choose"))
    options = runner.options
    wanted = step.choice
    if isinstance(wanted, int):
        if wanted > len(options):
            return _raise(stop(f"there is no choice {wanted}"))
        return wanted - 1
    assert wanted is not None
    choices = runner.scene.choices
    by_id = [n for n, o in enumerate(options) if choices[o.index].id == wanted]
    if by_id:
        return by_id[0]
    if any(c.id == wanted for c in choices):
        return _raise(stop(f"choice '{wanted}' is not available here"))
    matches = [n for n, o in enumerate(options) if wanted.casefold() in o.text.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return _raise(stop(f"no choice here says '{wanted}'"))
    return _raise(stop(f"'{wanted}' is in {len(matches)} choices; quote more of one"))


def _raise(stop: _Stop) -> int:
    raise stop


def _why(runner: Runner, check: Check) -> str | None:
    """Why `check` does not hold now; None when it does."""
    kind, name = check.kind, check.name
    state = runner.state
    if kind == "ending":
        if runner.phase is Phase.ENDED and runner.scene.id == name:
            return None
        return f"expected ending '{name}', but {where(runner)}"
    if kind == "scene":
        return None if runner.scene.id == name else f"expected scene '{name}', but {where(runner)}"
    if kind == "visited":
        return None if state.visits.get(name, 0) else f"scene '{name}' was never visited"
    if kind in ("kept", "missed"):
        return _lesson_why(runner, name, kind == "kept")
    if kind == "values":
        now = runner.values.get(name)
        return None if now == check.value else f"expected {name} = {check.value}, but it is {now}"
    if kind == "text":
        shown = _lines_since_choice(runner)
        if any(name in line for line in shown):
            return None
        return f"no line since the last choice says '{name}' ({len(shown)} lines shown)"
    assert check.condition is not None
    if ex.evaluate(check.condition, runner.values, state.visits) is True:
        return None
    used = sorted(ex.variables_used(check.condition))
    values = ", ".join(f"{v} = {runner.values[v]}" for v in used if v in runner.values)
    return f"'{name}' does not hold" + (f" ({values})" if values else "")


def _lesson_why(runner: Runner, lesson: str, kept: bool) -> str | None:
    final = {m.lesson.id: m for m in runner.lesson_moments()}.get(lesson)
    if final is None:
        return f"lesson '{lesson}' was neither kept nor missed on this path"
    if final.kept == kept:
        return None
    did = "kept" if final.kept else "missed"
    return f"lesson '{lesson}' was {did}, last by choosing '{final.choice}' in '{final.scene}'"


def _lines_since_choice(runner: Runner) -> list[str]:
    history = runner.history
    last = max((n for n, h in enumerate(history) if h.kind == "choice"), default=-1)
    return [h.text for h in history[last + 1 :] if h.kind == "line"]
