"""The one transition: `Program.step` and `settle`, the compiled-program cache, and runtime
errors that point at the scene that caused them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.engine.loader import StoryCache, load_story
from game.engine.model import Story, Value
from game.engine.program import Program, RouteLoopError, compiled, taken_key
from game.engine.runner import Phase, Runner, RunnerError


def make(tmp_path: Path, chapter: str, variables: str = "") -> Story:
    folder = tmp_path / "story"
    folder.mkdir(parents=True)
    head = "format: 1\nid: test\ntitle: Test\nstart: s\n"
    if variables:
        head += "variables:\n" + textwrap.indent(variables, "  ")
    (folder / "story.yaml").write_text(head, encoding="utf-8")
    (folder / "01_chapter.yaml").write_text(textwrap.dedent(chapter), encoding="utf-8")
    result = load_story(folder, cache=StoryCache())
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


CHAPTER = """\
chapter: One
scenes:
  s:
    text: Start.
    choices:
      - text: Once only
        once: true
        set: {n: +2}
        goto: hub
      - {text: Plain, goto: hub}
  hub:
    goto:
      - if: n >= 2
        goto: high
      - goto: low
  high:
    text: High.
    goto: s
  low:
    ending: {title: Low, tone: hard}
"""
VARIABLES = "n: {value: 0, min: 0, max: 3}\n"


def test_step_applies_effects_uses_up_once_and_settles_through_routes(tmp_path: Path) -> None:
    story = make(tmp_path, CHAPTER, VARIABLES)
    program = compiled(story)
    values: dict[str, Value] = {"n": 0}
    visits: dict[str, int] = {"s": 1}
    sid, taken = program.step("s", 0, values, visits, frozenset())
    # `hub` shows nothing, so the step passes through it; `high` has a line, so it stops there.
    assert sid == "high"
    assert values == {"n": 2}
    assert visits == {"s": 1, "hub": 1, "high": 1}
    assert taken == frozenset({taken_key("s", 0)})
    assert program.available("s", values, visits, taken) == (1,)


def test_step_to_the_next_decision_passes_lines_and_reports_routes(tmp_path: Path) -> None:
    story = make(tmp_path, CHAPTER, VARIABLES)
    program = compiled(story)
    values: dict[str, Value] = {"n": 0}
    visits: dict[str, int] = {}
    passed: list[tuple[str, int]] = []

    def watch(sid: str, values: object, visits: object, route: int) -> None:
        passed.append((sid, route))

    sid, taken = program.step("s", 0, values, visits, frozenset(), show=False, watch=watch)
    assert sid == "s"  # through hub and high (which has a line) back to the decision point
    assert passed == [("hub", 0), ("high", 0), ("s", -1)]
    assert visits == {"hub": 1, "high": 1, "s": 1}
    sid, taken = program.step("s", 1, values, visits, taken, show=False, watch=watch)
    assert sid == "s"  # n is still 2: the high road again
    assert taken == frozenset({"s#0"})


def test_a_story_is_compiled_once(tmp_path: Path) -> None:
    story = make(tmp_path, CHAPTER, VARIABLES)
    program = compiled(story)
    assert isinstance(program, Program)
    assert compiled(story) is program
    assert Runner(story).program is program
    assert Runner(story, {"n": 1}).program is program
    other = make(tmp_path / "again", CHAPTER, VARIABLES)
    assert compiled(other) is not program


def test_a_runner_error_points_at_the_scene(tmp_path: Path) -> None:
    story = make(tmp_path, CHAPTER, VARIABLES)
    runner = Runner(story)
    assert runner.phase is Phase.BEAT
    with pytest.raises(RunnerError) as err:
        runner.choose(0)
    span = story.scenes["s"].span
    chapter = tmp_path / "story" / "01_chapter.yaml"
    assert (span.line, span.col) == (3, 3)  # the `s:` key in the chapter above
    assert err.value.span == span
    assert str(err.value) == f"{chapter}:3:3: choose() while beat"
    runner.advance()
    with pytest.raises(RunnerError) as err:
        runner.choose(5)
    assert str(err.value) == f"{chapter}:3:3: there is no choice 6"


LOOP = """\
chapter: Loop
scenes:
  s:
    text: Start.
    choices:
      - {text: Spin, goto: a}
  a:
    goto: b
  b:
    goto: a
"""


def test_a_route_loop_points_at_the_scene_it_gave_up_in(tmp_path: Path) -> None:
    story = make(tmp_path, LOOP)
    runner = Runner(story)
    runner.advance()
    with pytest.raises(RouteLoopError) as err:
        runner.choose(0)
    loop = err.value
    assert loop.scene in {"a", "b"}
    span = story.scenes[loop.scene].span
    assert loop.span == span and span.line > 0
    chapter = tmp_path / "story" / "01_chapter.yaml"
    message = f"routes loop without showing anything near scene '{loop.scene}'"
    assert str(loop) == f"{chapter}:{span.line}:{span.col}: {message}"
    assert runner.phase is Phase.CHOICE  # the failed step changed nothing


def test_runtime_errors_name_files_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = make(tmp_path, LOOP)
    monkeypatch.chdir(tmp_path)
    runner = Runner(story)
    with pytest.raises(RunnerError) as err:
        runner.choose(0)
    assert str(err.value).startswith(str(Path("story") / "01_chapter.yaml") + ":3:3: ")


def test_a_runner_error_without_a_place_is_just_its_message() -> None:
    assert str(RunnerError("no story loaded")) == "no story loaded"
