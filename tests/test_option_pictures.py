"""A one_of question whose values choose a character's portrait carries the faces to show."""

from __future__ import annotations

from collections.abc import Callable

from game.engine.answers import QuestionKind, questions
from game.engine.model import Story

CHAPTER = """
chapter: One
scenes:
  start:
    text: Hello.
    ending: {title: End, tone: hopeful, outcome: apart}
"""

STORY = """
format: 2
id: looks
title: Looks
start: start
characters:
  maya: {name: Maya, portrait: maya}
  ex: {name: "{ex}", portrait: "ex_{look}"}
variables:
  ex: {value: Alex, ask: "Their name?"}
  look: {value: a, one_of: [a, b, c], ask: "Their look?"}
  mood: {value: calm, one_of: [calm, cross], ask: "Your mood?"}
"""


def test_a_look_question_shows_each_option_s_neutral_face(
    make_story: Callable[..., Story],
) -> None:
    asked = {q.id: q for q in questions(make_story(STORY, CHAPTER))}
    look = asked["look"]
    assert look.kind is QuestionKind.ONE_OF
    assert look.pictures == ("ex_a_neutral", "ex_b_neutral", "ex_c_neutral")


def test_questions_that_choose_no_portrait_have_no_pictures(
    make_story: Callable[..., Story],
) -> None:
    asked = {q.id: q for q in questions(make_story(STORY, CHAPTER))}
    assert asked["mood"].pictures == ()  # one_of, but no portrait names it
    assert asked["ex"].pictures == ()  # changes the ex's name, not a portrait file
