"""Path tests (`reconnect test`): reading test files, playing them on the engine, the failures."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from format2_story import CHAPTER, STORY
from storytexts import build

from game.authoring.pathrun import PathResult, run_story_tests, run_test
from game.authoring.pathtests import PathFile, read_test_text
from game.cli import main
from game.engine.diagnostics import Code
from game.engine.loader import load_story
from game.engine.model import Story
from game.resources import shipped_story

F2 = build(STORY, CHAPTER)


def _read(story: Story, text: str) -> PathFile:
    return read_test_text(story, "t.yaml", textwrap.dedent(text).encode())


def _run(story: Story, text: str) -> list[PathResult]:
    read = _read(story, text)
    assert not read.diagnostics, [d.format() for d in read.diagnostics]
    assert read.source is not None
    return [run_test(story, t, read.source.diag) for t in read.tests]


def _failures(story: Story, text: str) -> list[tuple[str, int, int, str]]:
    return [
        (f.code.id, f.span.line, f.span.col, f.message)
        for result in _run(story, text)
        for f in result.failures
    ]


def test_the_shipped_story_has_a_passing_test_for_every_ending() -> None:
    story = load_story(shipped_story()).story
    assert story is not None
    runs = run_story_tests(story)
    assert runs, "the shipped story has no tests/*.yaml"
    tested = set()
    for read, results in runs:
        assert not read.diagnostics, [d.format() for d in read.diagnostics]
        for result in results:
            assert result.passed, [f.format() for f in result.failures]
        tested |= {
            c.name for t in read.tests for s in t.steps for c in s.checks if c.kind == "ending"
        }
    endings = {sid for sid, scene in story.scenes.items() if scene.ending is not None}
    assert tested == endings


def test_choose_by_id_text_and_number_reach_the_ending_they_should() -> None:
    results = _run(
        F2,
        """
        tests:
          - name: by id
            steps:
              - choose: wait
              - choose: tell
              - expect: {ending: end_no, kept: honesty, visited: bench, values: {warmth: 3}}
          - name: by text and number
            set: {ready: true}
            steps:
              - choose: "wait"
              - expect: {scene: bench}
              - choose: 1
              - expect: {ending: end_yes, that: 'chose("bench.tell") and warmth == 3'}
              - expect: {text: "Thanks for saying it."}
        """,
    )
    assert [(r.name, r.passed, r.failures) for r in results] == [
        ("by id", True, ()),
        ("by text and number", True, ()),
    ]


def test_each_expectation_that_does_not_hold_is_reported_at_its_value() -> None:
    failures = _failures(
        F2,
        """
        tests:
          - name: wrong
            steps:
              - choose: push
              - expect: {kept: patience, values: {pushes: 1}, scene: decide}
              - choose: joke
              - expect: {ending: end_yes, text: "Thanks", that: "warmth > 3"}
        """,
    )
    patience = "lesson 'patience' was missed, last by choosing 'Ask again, and again.' in 'hello'"
    offered = "1. Tell them the truth.; 2. Make a joke."
    assert failures == [
        ("T403", 6, 24, patience),
        ("T403", 6, 51, "expected pushes = 1, but it is 2"),
        (
            "T403",
            6,
            62,
            f"expected scene 'decide', but the game waits in scene 'bench' with choices: {offered}",
        ),
        ("T403", 8, 26, "expected ending 'end_yes', but the game ended at 'end_no'"),
        ("T403", 8, 41, "no line since the last choice says 'Thanks' (2 lines shown)"),
        ("T403", 8, 57, "'warmth > 3' does not hold (warmth = 1)"),
    ]


@pytest.mark.parametrize(
    ("steps", "says"),
    [
        (["choose: 3"], "there is no choice 3: the game waits in scene 'hello'"),
        (["choose: a"], "'a' is in 2 choices; quote more of one"),
        (["choose: hop"], "no choice here says 'hop'"),
        (["choose: tell"], "no choice here says 'tell'"),
        (["choose: 1", "choose: 1", "choose: 1"], "nothing to choose: the game ended at 'end_no'"),
    ],
)
def test_a_step_that_cannot_be_played_stops_the_test(steps: list[str], says: str) -> None:
    lines = "".join(f"      - {step}\n" for step in steps)
    text = f"tests:\n  - name: x\n    steps:\n{lines}      - expect: {{ending: end_yes}}\n"
    failures = _failures(F2, text)
    assert [(code, line, message) for code, line, _, message in failures] == [
        ("T402", 3 + len(steps), failures[0][3])
    ]
    assert says in failures[0][3]


def test_names_are_checked_before_anything_is_played() -> None:
    read = _read(
        F2,
        """
        tests:
          - name: typos
            checkpoint: ch3
            set: {warmht: 2, pushes: 9}
            steps:
              - expect: {ending: end_yse, kept: honsty, that: "warmth + 1"}
              - wait
          - name: both
            start: bench
            checkpoint: ch2
            steps: [advance]
        """,
    )
    assert read.tests == ()
    assert [(d.code, d.span.line, d.message) for d in read.diagnostics] == [
        (Code.BAD_TEST, 4, "the story has no checkpoint 'ch3' — did you mean 'ch2'?"),
        (Code.BAD_TEST, 5, "the story has no variable 'warmht' — did you mean 'warmth'?"),
        (Code.BAD_TEST, 5, "9 is outside pushes's range 0..3"),
        (Code.BAD_TEST, 7, "the story has no ending 'end_yse' — did you mean 'end_yes'?"),
        (Code.BAD_TEST, 7, "the story has no lesson 'honsty' — did you mean 'honesty'?"),
        (Code.BAD_TEST, 7, "`that` needs a condition (true or false), but this is number"),
        (Code.BAD_TEST, 8, "a step is `advance`, `choose: …` or `expect: {…}`, not 'wait'"),
        (Code.BAD_TEST, 10, "give `start` or `checkpoint`, not both"),
    ]


def test_seed_checkpoint_and_start_begin_the_game_there() -> None:
    results = _run(
        F2,
        """
        tests:
          - name: checkpoint
            checkpoint: ch2
            steps:
              - expect: {scene: bench, values: {warmth: 4}, visited: hello}
          - name: start
            start: bench
            set: {ready: true, warmth: 3}
            steps:
              - choose: tell
              - expect: {ending: end_yes, that: 'visited("hello") == 0'}
          - name: seed
            seed: 7
            steps:
              - advance
              - expect: {that: "ready == true or ready == false"}
        """,
    )
    assert [r.failures for r in results] == [(), (), ()]


def test_reconnect_test_runs_a_folder_and_fails_when_a_test_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "story.yaml").write_text(textwrap.dedent(STORY), encoding="utf-8")
    (tmp_path / "01_one.yaml").write_text(textwrap.dedent(CHAPTER), encoding="utf-8")
    (tmp_path / "tests").mkdir()
    good = "tests:\n  - name: waits\n    steps:\n      - choose: wait\n"
    (tmp_path / "tests" / "a.yaml").write_text(good, encoding="utf-8")
    assert main(["test", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "✓ waits\n1 test run, 0 failed\n"
    bad = "tests:\n  - name: pushes\n    steps:\n      - expect: {ending: end_no}\n"
    (tmp_path / "tests" / "b.yaml").write_text(bad, encoding="utf-8")
    assert main(["test", str(tmp_path / "tests" / "b.yaml")]) == 1
    out = capsys.readouterr().out
    assert "✗ pushes" in out and "b.yaml:4:26: error T403: expected ending 'end_no'" in out


def test_reconnect_test_says_when_there_is_nothing_to_test(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "story.yaml").write_text(textwrap.dedent(STORY), encoding="utf-8")
    (tmp_path / "01_one.yaml").write_text(textwrap.dedent(CHAPTER), encoding="utf-8")
    assert main(["test", str(tmp_path)]) == 1
    assert "no tests in" in capsys.readouterr().err
