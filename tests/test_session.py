"""Session and answers: one validation for every question kind, saves, loads, undo, meters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine.answers import (
    MAX_ANSWER_LENGTH,
    AnswerProblem,
    QuestionKind,
    questions,
    read_answer,
)
from game.engine.loader import StoryCache, load_story
from game.engine.model import Story
from game.engine.runner import Phase
from game.engine.session import LoadFailure, Session
from game.persistence.errors import Reason
from game.persistence.progress import load_progress
from game.persistence.saves import slot_path

CASE = Path(__file__).parent / "transcripts" / "questions-saves" / "story"


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(CASE, cache=StoryCache())
    assert result.story is not None
    return result.story


def _question(story: Story, kind: QuestionKind):  # type: ignore[no-untyped-def]
    return next(q for q in questions(story) if q.kind is kind)


def test_every_question_kind_is_asked(story: Story) -> None:
    assert [q.kind for q in questions(story)] == [
        QuestionKind.TEXT,
        QuestionKind.ONE_OF,
        QuestionKind.NUMBER,
        QuestionKind.YES_NO,
    ]


@pytest.mark.parametrize(
    ("kind", "reply", "value", "problem"),
    [
        (QuestionKind.TEXT, "  Robin   Quinn ", "Robin Quinn", None),
        (QuestionKind.TEXT, "x" * 50, "x" * MAX_ANSWER_LENGTH, AnswerProblem.CUT_SHORT),
        (QuestionKind.TEXT, "   ", None, None),
        (QuestionKind.ONE_OF, "She", "she", None),
        (QuestionKind.ONE_OF, "it", None, AnswerProblem.NOT_AN_OPTION),
        (QuestionKind.NUMBER, "12", 12, None),
        (QuestionKind.NUMBER, "99", 20, AnswerProblem.OUT_OF_RANGE),
        (QuestionKind.NUMBER, "0", 1, AnswerProblem.OUT_OF_RANGE),
        (QuestionKind.NUMBER, "lots", None, AnswerProblem.NOT_A_NUMBER),
        (QuestionKind.YES_NO, "Y", True, None),
        (QuestionKind.YES_NO, "no", False, None),
        (QuestionKind.YES_NO, "maybe", None, AnswerProblem.NOT_YES_NO),
    ],
)
def test_one_reading_of_replies(
    story: Story, kind: QuestionKind, reply: str, value: object, problem: AnswerProblem | None
) -> None:
    answer = read_answer(_question(story, kind), reply)
    assert (answer.value, answer.problem) == (value, problem)


def _playing(story: Story, tmp_path: Path) -> Session:
    session = Session(story, tmp_path, tmp_path / "progress.json")
    assert session.new_game({"brought_gift": True, "years": 12}).ok
    while session.runner.phase is Phase.BEAT:
        session.advance()
    return session


def test_new_game_autosaves_and_choices_autosave(story: Story, tmp_path: Path) -> None:
    session = _playing(story, tmp_path)
    assert slot_path(tmp_path, "auto").is_file()
    assert session.choose(2).ok
    saved = json.loads(slot_path(tmp_path, "auto").read_text(encoding="utf-8"))
    assert [d[:2] for d in saved["state"]["decisions"]] == [["hall", 1]]


def test_undo_goes_back_to_the_previous_decision(story: Story, tmp_path: Path) -> None:
    session = _playing(story, tmp_path)
    assert not session.undo()  # nothing decided yet
    session.choose(1)
    while session.runner.phase is Phase.BEAT:
        session.advance()
    assert session.runner.state.scene == "talk"
    assert session.undo()
    runner = session.runner
    assert (runner.phase, runner.state.scene, runner.state.decisions) == (Phase.CHOICE, "hall", ())


def test_step_back_is_one_line(story: Story, tmp_path: Path) -> None:
    session = _playing(story, tmp_path)
    assert session.step_back()
    assert session.runner.phase is Phase.BEAT and session.runner.state.beat == 1


def test_save_and_load_round_trip(story: Story, tmp_path: Path) -> None:
    session = _playing(story, tmp_path)
    session.choose(1)
    assert session.save("3").ok and not session.unsaved
    session.undo()
    loaded = session.load("3")
    assert loaded.ok and loaded.label == "The Hall" and loaded.changed_at is None
    assert len(session.runner.state.decisions) == 1


def test_load_failures_are_typed(story: Story, tmp_path: Path) -> None:
    session = _playing(story, tmp_path)
    assert session.load("bad name").failure is LoadFailure.BAD_SLOT
    missing = session.load("7")
    assert missing.failure is LoadFailure.NOT_READ
    assert missing.read is not None and missing.read.error is not None
    assert missing.read.error.reason is Reason.MISSING
    slot_path(tmp_path, "4").write_text("{", encoding="utf-8")
    damaged = session.load("4")
    assert damaged.read is not None and damaged.read.error is not None
    assert damaged.read.error.reason is Reason.DAMAGED


def test_save_to_a_bad_slot_is_an_outcome(story: Story, tmp_path: Path) -> None:
    outcome = _playing(story, tmp_path).save("con")
    assert not outcome.ok and outcome.error is not None
    assert outcome.error.reason is Reason.INVALID


def test_meters_carry_label_range_and_value(story: Story, tmp_path: Path) -> None:
    session = _playing(story, tmp_path)
    session.choose(1)
    (meter,) = session.meters()
    assert (meter.label, meter.lo, meter.hi, meter.value) == ("Ease", 0, 6, 3)


def test_finish_records_the_ending(story: Story, tmp_path: Path) -> None:
    session = _playing(story, tmp_path)
    session.choose(1)
    while session.runner.phase is not Phase.CHOICE:
        session.advance()
    session.choose(1)  # give the gift
    while session.runner.phase is Phase.BEAT:
        session.advance()
    ending = session.finish()
    assert ending.report.scene == "end_warm" and ending.autosave.ok
    assert ending.progress_error is None
    assert "end_warm" in load_progress(tmp_path / "progress.json").found(story.id)
