"""The questions a new game asks and the one way a typed reply becomes an answer.

Both front ends use `read_answer`, so a name is cut at the same length, a number is read the
same way and a yes/no question takes the same words everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .assets import portrait_name
from .model import Story, Value, Variable, VarType
from .templates import pronoun_index, render

# The longest answer kept (names are shown on one line and in name plates).
MAX_ANSWER_LENGTH = 40
YES_WORDS = ("yes", "y", "true")
NO_WORDS = ("no", "n", "false")


class QuestionKind(Enum):
    """How a question is answered."""

    TEXT = "text"
    NUMBER = "number"
    YES_NO = "yes_no"
    ONE_OF = "one_of"


class AnswerProblem(Enum):
    """Why a reply was not taken as given (the front end words it)."""

    CUT_SHORT = "cut_short"  # longer than MAX_ANSWER_LENGTH: the start is kept
    NOT_A_NUMBER = "not_a_number"  # the default stays
    OUT_OF_RANGE = "out_of_range"  # brought to the nearest allowed number
    NOT_YES_NO = "not_yes_no"  # the default stays
    NOT_AN_OPTION = "not_an_option"  # the default stays


@dataclass(frozen=True)
class Question:
    """One question: the variable it sets, how it is answered, and its default."""

    id: str
    kind: QuestionKind
    ask: str
    default: Value
    options: tuple[str, ...] = ()  # ONE_OF only
    lo: int | None = None  # NUMBER only
    hi: int | None = None
    # ONE_OF only: the neutral portrait each option shows, when a character's `portrait:` names
    # this variable (`ex_{ex_look}` makes a, b, c show ex_a_neutral, ex_b_neutral, ex_c_neutral).
    pictures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A reply read: the value to use (None keeps the default) and what was wrong, if anything."""

    value: Value | None
    problem: AnswerProblem | None = None


def questions(story: Story) -> tuple[Question, ...]:
    """The questions a new game of `story` asks, in the order the story declares them."""
    return tuple(_question(var, story) for var in story.questions)


def option_pictures(var: Variable, story: Story) -> tuple[str, ...]:
    """The portraits a one_of question's options choose between: those of the first character
    whose portrait differs for every option (with the other variables at their defaults)."""
    values = {vid: v.default for vid, v in story.variables.items()}
    pronoun = pronoun_index(values.get(story.pronouns or ""))
    for character in story.characters.values():
        if character.portrait is None or not var.one_of:
            continue
        stems = [
            render(character.portrait, {**values, var.id: option}, pronoun) for option in var.one_of
        ]
        if len(set(stems)) == len(stems):
            return tuple(portrait_name(stem, None) for stem in stems)
    return ()


def _question(var: Variable, story: Story) -> Question:
    if var.one_of:
        kind = QuestionKind.ONE_OF
    elif var.type is VarType.BOOL:
        kind = QuestionKind.YES_NO
    elif var.type is VarType.NUMBER:
        kind = QuestionKind.NUMBER
    else:
        kind = QuestionKind.TEXT
    pictures = option_pictures(var, story) if kind is QuestionKind.ONE_OF else ()
    return Question(
        var.id, kind, var.ask or var.id, var.default, var.one_of or (), var.min, var.max, pictures
    )


def read_answer(question: Question, reply: str) -> Answer:
    """Turn a typed reply into an answer; a blank reply keeps the default (value None)."""
    text = " ".join(reply.split())
    if not text:
        return Answer(None)
    if question.kind is QuestionKind.ONE_OF:
        match = next((o for o in question.options if o.casefold() == text.casefold()), None)
        return Answer(match) if match is not None else Answer(None, AnswerProblem.NOT_AN_OPTION)
    if question.kind is QuestionKind.YES_NO:
        word = text.casefold()
        if word in YES_WORDS or word in NO_WORDS:
            return Answer(word in YES_WORDS)
        return Answer(None, AnswerProblem.NOT_YES_NO)
    if question.kind is QuestionKind.NUMBER:
        return _number(question, text)
    if len(text) > MAX_ANSWER_LENGTH:
        return Answer(text[:MAX_ANSWER_LENGTH].rstrip(), AnswerProblem.CUT_SHORT)
    return Answer(text)


def _number(question: Question, text: str) -> Answer:
    try:
        number = int(text)
    except ValueError:
        return Answer(None, AnswerProblem.NOT_A_NUMBER)
    lo, hi = question.lo, question.hi
    if lo is not None and number < lo:
        return Answer(lo, AnswerProblem.OUT_OF_RANGE)
    if hi is not None and number > hi:
        return Answer(hi, AnswerProblem.OUT_OF_RANGE)
    return Answer(number)
