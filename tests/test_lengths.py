"""Words and reading minutes per chapter and per ending path (`reconnect explore`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import StoryFactory

from game.authoring.explore import explore
from game.authoring.lengths import READING_WPM, chapter_words, path_words, reading_minutes
from game.cli import main

STORY = """
format: 1
id: tea
title: Tea
start: kitchen
pronouns: who
variables:
  who: {value: they, one_of: [he, she, they]}
  name: {value: Jo}
"""
ONE = """
chapter: Kitchen
scenes:
  kitchen:
    text:
      - The kettle clicks off.
      - if: name == "nobody"
        text: This line is never shown.
    choices:
      - text: Pour for {name}.
        goto: talk
      - text: Leave it.
        goto: alone
"""
TWO = """
chapter: After
scenes:
  talk:
    text: "{name} {laughs|laugh}."
    ending: {title: Company, tone: hopeful}
  alone:
    text: The tea goes cold in the pot.
    ending: {title: Alone, tone: hard}
"""


def test_a_path_counts_the_lines_shown_and_the_choices_taken(make_story: StoryFactory) -> None:
    story = make_story(STORY, ONE, TWO)
    # "The kettle clicks off." 4 + "Pour for Jo." 3 + "Jo laughs." 2; the hidden line is not read
    assert path_words(story, [("kitchen", 0)]) == 9
    assert path_words(story, [("kitchen", 1)]) == 4 + 2 + 7


def test_chapters_count_every_line_as_written(make_story: StoryFactory) -> None:
    story = make_story(STORY, ONE, TWO)
    assert chapter_words(story) == {"Kitchen": 4 + 5, "After": 2 + 7}
    assert reading_minutes(READING_WPM * 3) == 3


def test_explore_reports_words_and_minutes(
    make_story: StoryFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in (("story.yaml", STORY), ("01_one.yaml", ONE), ("02_two.yaml", TWO)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["explore", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {sid: e["words"] for sid, e in data["endings"].items()} == {"talk": 9, "alone": 13}
    assert data["chapters"]["Kitchen"] == {"words": 9, "minutes": 0.0}
    assert main(["explore", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "13 words, about 1 minute on this path" in out
    assert "  Kitchen: 9 words, about 1 minute" in out
    story = make_story(STORY, ONE, TWO)
    assert explore(story).endings["talk"] == (("kitchen", 0),)
