"""Beat blocks (format 2): `first:`/`again:` for the first and later visits, `if:` over a list."""

from __future__ import annotations

from collections.abc import Callable

from conftest import StoryFactory
from storytexts import lines_until_choice

from game.engine.diagnostics import Code
from game.engine.loader import LoadResult
from game.engine.runner import Runner

STORY = """
format: 2
id: cafe
title: Cafe
start: cafe
characters:
  jo: {name: Jo}
variables:
  calm: {value: 0, min: 0, max: 3}
"""

CHAPTER = """
chapter: Coffee
scenes:
  cafe:
    text:
      - first:
          - The cafe is new to you.
          - jo: "First time here?"
        again:
          - The same cafe. The same chair.
      - if: calm >= 1
        text:
          - You breathe out.
          - if: calm >= 2
            text: You almost smile.
      - The coffee arrives.
    choices:
      - text: Stay a while.
        set: {calm: +1}
        goto: cafe
      - text: Leave.
        goto: street
  street:
    text: The street is loud.
    ending: {title: Out, tone: hopeful, outcome: apart}
"""


def test_first_and_again_follow_the_visits_and_if_blocks_follow_their_condition(
    make_story: StoryFactory,
) -> None:
    runner = Runner(make_story(STORY, CHAPTER))
    assert lines_until_choice(runner) == [
        "The cafe is new to you.",
        "First time here?",
        "The coffee arrives.",
    ]
    runner.choose(0)
    assert lines_until_choice(runner) == [
        "The same cafe. The same chair.",
        "You breathe out.",
        "The coffee arrives.",
    ]
    runner.choose(0)
    assert lines_until_choice(runner) == [
        "The same cafe. The same chair.",
        "You breathe out.",
        "You almost smile.",
        "The coffee arrives.",
    ]


def test_blocks_need_format_2(load_yaml: Callable[..., LoadResult]) -> None:
    result = load_yaml(STORY.replace("format: 2", "format: 1"), CHAPTER)
    found = [(d.code, d.span.line) for d in result.diagnostics]
    assert (Code.NEEDS_FORMAT2, 6) in found and (Code.NEEDS_FORMAT2, 11) in found


def test_mistakes_in_a_block_are_reported_where_they_are(
    load_yaml: Callable[..., LoadResult],
) -> None:
    chapter = CHAPTER.replace("        again:", "        agian:").replace(
        "if: calm >= 2", "if: calm >= >"
    )
    result = load_yaml(STORY, chapter)
    found = {(d.code, d.span.line) for d in result.diagnostics}
    assert (Code.UNKNOWN_KEY, 9) in found
    assert (Code.EXPR_SYNTAX, 14) in found
    message = next(d.message for d in result.diagnostics if d.code is Code.UNKNOWN_KEY)
    assert "did you mean 'again'" in message
