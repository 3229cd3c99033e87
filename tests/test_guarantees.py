"""Guarantees proved by `check` over every reachable play (issue 8): proven, a shortest
counterexample with file:line per choice, witnesses, focus lessons both ways, and the honest
`unproven (bound)`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import StoryFactory
from format2_story import CHAPTER, STORY

from game.authoring import guarantees as guarantees_module
from game.authoring.check import check_flow
from game.authoring.guarantees import Verdict
from game.engine.model import Story

HEADER = """\
format: 2
id: g
title: G
start: first
variables:
  ready:
    value: false
    draw:
      - {value: true, weight: 1}
      - {value: false, weight: 1}
lessons:
  listen: {title: Listen first, text: Hear them out.}
guarantees:
"""
SCENES = """\
chapter: One
scenes:
  first:
    text: The kettle clicks off.
    choices:
      - text: Talk over them.
        goto: second
        lesson: {id: listen, kept: false}
      - text: Let them finish.
        goto: second
        lesson: {id: listen, kept: true}
  second:
    text: Then.
    choices:
      - text: Wait a bit.
        goto: second
        once: true
      - text: Go on.
        goto: decide
  decide:
    goto:
      - {if: ready, goto: tea}
      - {goto: cold}
  cold:
    text: Cold.
    ending: {title: Cold, tone: hard, outcome: apart, lessons: [listen]}
  tea:
    text: You pour.
    ending: {title: Tea, tone: hopeful, outcome: together, lessons: [listen]}
"""


def _verdicts(story: Story) -> list[tuple[str, Verdict, str | None, int]]:
    _, _, findings = check_flow(story)
    return [(f.guarantee, f.verdict, f.ending, len(f.path)) for f in findings]


def test_a_false_guarantee_gets_its_shortest_counterexample(make_story: StoryFactory) -> None:
    story = make_story(
        HEADER + '  - {id: g1, if: missed("listen"), then: tone != "hopeful"}\n', SCENES
    )
    diagnostics, _, findings = check_flow(story)
    (found,) = findings
    assert found.verdict is Verdict.COUNTEREXAMPLE and found.ending == "tea"
    # The shortest way: talk over them, then go on at once (not the longer "wait a bit" way).
    assert found.path == (("first", 0), ("second", 1))
    assert found.origin.answers["ready"] is True
    assert [d.code.id for d in diagnostics if d.is_error] == ["F309"]


def test_true_guarantees_are_proven(make_story: StoryFactory) -> None:
    yaml = (
        '  - {id: g2, if: not ready, then: outcome == "apart"}\n'
        '  - {id: g3, if: kept("listen") and not missed("listen"), then: decisions >= 2}\n'
        "  - {id: g4, then: decisions <= 3}\n"
    )
    verdicts = _verdicts(make_story(HEADER + yaml, SCENES))
    assert [(g, v) for g, v, _, _ in verdicts] == [
        ("g2", Verdict.PROVEN),
        ("g3", Verdict.PROVEN),
        ("g4", Verdict.PROVEN),
    ]


def test_decisions_count_the_longest_play(make_story: StoryFactory) -> None:
    # With "wait a bit" a play takes 3 decisions, so "at most 2" is false.
    verdicts = _verdicts(make_story(HEADER + "  - {id: g, then: decisions <= 2}\n", SCENES))
    assert verdicts[0][1] is Verdict.COUNTEREXAMPLE and verdicts[0][3] == 3


def test_witnesses_are_found_or_refuted(make_story: StoryFactory) -> None:
    yaml = """\
  - id: w
    reachable:
      - {ending: tea, when: kept("listen")}
      - {ending: cold, when: ready}
"""
    verdicts = _verdicts(make_story(HEADER + yaml, SCENES))
    assert verdicts[0] == ("w", Verdict.PROVEN, "tea", 2)
    assert verdicts[1][:2] == ("w", Verdict.COUNTEREXAMPLE)


def test_each_ending_both_ways_with_exceptions(make_story: StoryFactory) -> None:
    scenes = SCENES.replace("      - {if: ready, goto: tea}", "      - {if: ready, goto: tea}")
    both = "  - {id: f, each_ending: focus_kept_and_missed}\n"
    assert _verdicts(make_story(HEADER + both, scenes)) == [("f", Verdict.PROVEN, None, 0)]
    # Only kept lessons reach tea: missing it there has no witness, unless excepted.
    guarded = scenes.replace(
        "      - {if: ready, goto: tea}", '      - {if: ready and chose("first.finish"), goto: tea}'
    ).replace(
        "      - text: Let them finish.", "      - id: finish\n        text: Let them finish."
    )
    failed = _verdicts(make_story(HEADER + both, guarded))
    assert failed == [("f", Verdict.COUNTEREXAMPLE, None, 0)]
    excepted = (
        "  - {id: f, each_ending: focus_kept_and_missed, except: {tea: {missed: [listen]}}}\n"
    )
    assert _verdicts(make_story(HEADER + excepted, guarded)) == [("f", Verdict.PROVEN, None, 0)]


def test_past_the_bound_the_verdict_is_unproven(
    make_story: StoryFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guarantees_module, "MAX_PAIRED", 2)
    story = make_story(HEADER + "  - {id: g, then: decisions <= 9}\n", SCENES)
    diagnostics, _, findings = check_flow(story)
    assert [f.verdict for f in findings] == [Verdict.UNPROVEN]
    assert [(d.code.id, d.is_error) for d in diagnostics] == [("F310", False)]


def test_the_format2_example_proves_its_guarantees(make_story: StoryFactory) -> None:
    verdicts = _verdicts(make_story(STORY, CHAPTER))
    assert {v for _, v, _, _ in verdicts} == {Verdict.PROVEN}


def test_check_prints_the_counterexample_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    guarantee = '  - {id: g1, if: missed("listen"), then: tone != "hopeful"}\n'
    (folder / "story.yaml").write_text(HEADER + guarantee, encoding="utf-8")
    (folder / "01_one.yaml").write_text(SCENES, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "game", "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    out = proc.stdout
    assert "Guarantees: 0 of 1 proven" in out
    assert "a play ending at 'tea' (with ready = true)" in out
    assert "1. " in out and "01_one.yaml:6:9  first: Talk over them." in out
    assert "01_one.yaml:18:9  second: Go on." in out
