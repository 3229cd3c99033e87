"""`reconnect map`: red for scenes no play reaches, a legend, choice text and conditions as
tooltips, `once` marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import StoryFactory

from game.authoring.map import story_dot
from game.cli import main

STORY = """
format: 1
id: tea
title: Tea
start: kitchen
variables:
  calm: {value: 0, min: 0, max: 3}
"""
CHAPTER = """
chapter: Kitchen
scenes:
  kitchen:
    text: The kettle clicks off.
    choices:
      - text: Pour.
        goto: talk
      - text: Breathe.
        once: true
        set: {calm: +1}
        goto: kitchen
      - text: Shout.
        if: calm > 5
        goto: alone
  talk:
    text: You talk.
    ending: {title: Company, tone: hopeful}
  alone:
    text: Alone.
    ending: {title: Alone, tone: hard}
"""


def test_edges_carry_text_and_conditions_and_unreachable_scenes_are_red(
    make_story: StoryFactory,
) -> None:
    dot = story_dot(make_story(STORY, CHAPTER), {"alone"})
    assert '"kitchen" -> "alone" [label="3", style=dashed, tooltip="3. Shout. (if calm > 5)"' in dot
    assert '"kitchen" -> "kitchen" [label="2★", tooltip="2. Breathe. (once)"' in dot
    assert '"alone" [label="alone\\n★ Alone", shape=doubleoctagon' in dot
    alone = next(line for line in dot.splitlines() if line.strip().startswith('"alone" ['))
    assert 'color="#c62828"' in alone and "no play reaches this scene" in alone
    talk = next(line for line in dot.splitlines() if line.strip().startswith('"talk" ['))
    assert "c62828" not in talk and 'tooltip="You talk."' in talk
    assert "subgraph cluster_legend" in dot and '"no play reaches it"' in dot


def test_the_map_command_marks_what_exploring_proves_unreachable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "story.yaml").write_text(STORY, encoding="utf-8")
    (tmp_path / "01_one.yaml").write_text(CHAPTER, encoding="utf-8")
    assert main(["map", str(tmp_path)]) == 0
    red = [line for line in capsys.readouterr().out.splitlines() if "c62828" in line]
    assert [line.split()[0] for line in red] == ['"alone"', '"__legend_2"']
