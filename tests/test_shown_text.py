"""Every text the player sees fills in its `{tokens}`: prompts, chapter and ending titles."""

from __future__ import annotations

from collections.abc import Callable

from game.engine.loader import LoadResult
from game.engine.model import Story
from game.engine.runner import Runner
from game.engine.templates import render_at_start

STORY = """\
format: 1
id: t
title: T
start: a
pronouns: pron
variables:
  friend: {value: Kit}
  pron: {value: she, one_of: [he, she, they]}
"""
CHAPTER = """\
chapter: "{friend} and you"
scenes:
  a:
    text: Hello.
    prompt: "What is {friend} feeling? {Are} {they} hurt?"
    choices:
      - {text: Go., goto: b}
  b:
    text: Bye.
    ending: {title: "{friend}, friends again", tone: hopeful}
"""


def test_prompt_chapter_and_ending_title_are_filled_in(make_story: Callable[..., Story]) -> None:
    story = make_story(STORY, CHAPTER)
    runner = Runner(story)
    assert runner.chapter == "Kit and you"
    runner.advance()
    assert runner.prompt == "What is Kit feeling? Is she hurt?"
    runner.choose(0)
    runner.advance()
    assert runner.ending is not None
    assert runner.ending.title == "Kit, friends again"
    ending = story.scenes["b"].ending
    assert ending is not None
    assert render_at_start(ending.title, story) == "Kit, friends again"


def test_unknown_names_in_prompts_and_titles_are_errors(
    load_yaml: Callable[..., LoadResult],
) -> None:
    bad = CHAPTER.replace("{friend} feeling", "{nosuchthing} feeling").replace(
        '"{friend}, friends', '"{frend}, friends'
    )
    result = load_yaml(STORY, bad)
    messages = [d.message for d in result.diagnostics if d.code.id == "R106"]
    assert any("'{nosuchthing}'" in m for m in messages)
    assert any("'{frend}'" in m and "did you mean '{friend}'" in m for m in messages)
    assert not result.ok
