"""What if?: the timeline of a game's decisions, rewinding to one without touching the game it
came from, the set-aside game kept in its own save, and two games compared side by side."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import StoryFactory
from format2_story import CHAPTER, STORY
from storytexts import play_choices

from game.engine.model import Outcome, Story, Tone
from game.engine.runner import Phase, Runner
from game.engine.session import Session
from game.engine.start import Start
from game.engine.state import Decision
from game.engine.whatif import (
    LessonApart,
    ReplayError,
    Side,
    compare,
    lessons_apart,
    rewound,
    split_at,
    timeline,
)

# `ready` is drawn: fixed so that waiting leads to the hopeful ending.
BEGIN = Start(seed=7, fixed={"ready": True})


@pytest.fixture
def story(make_story: StoryFactory) -> Story:
    return make_story(STORY, CHAPTER)


def test_the_timeline_names_each_decision_its_options_and_the_one_taken(story: Story) -> None:
    runner = play_choices(Runner(story, start=BEGIN), 2, 1)
    turns = timeline(story, runner.state)
    assert [t.number for t in turns] == [1, 2]
    assert turns[0].options == ("Wait.", "Ask again, and again.")
    assert turns[0].choice == "Ask again, and again." and turns[0].chosen == 1
    assert turns[0].chapter == "Meeting Alex"
    assert turns[0].before == "Alex waves."
    assert turns[1].options == ("Tell them the truth.", "Make a joke.")
    assert turns[1].choice == "Tell them the truth."
    assert turns[1].before == "The bench is cold."


def test_rewinding_goes_to_that_choice_and_leaves_the_game_it_came_from(story: Story) -> None:
    runner = play_choices(Runner(story, start=BEGIN), 1, 2)
    before = runner.to_json()
    assert runner.phase is Phase.ENDED
    back = rewound(story, runner.state, 2)
    assert back.phase is Phase.CHOICE and back.state.scene == "bench"
    assert [d.scene for d in back.state.decisions] == ["hello"]
    assert back.values["warmth"] == 3  # the first decision's effect is there
    assert runner.to_json() == before and runner.phase is Phase.ENDED
    first = rewound(story, runner.state, 1)
    assert first.state.scene == "hello" and not first.state.decisions
    assert first.values["ready"] is True  # the same draws and fixed values
    with pytest.raises(ValueError, match="no decision 3"):
        rewound(story, runner.state, 3)


def test_a_game_from_a_checkpoint_rewinds_from_that_checkpoint(story: Story) -> None:
    runner = play_choices(Runner(story, start=replace(BEGIN, checkpoint="ch2")), 2)
    turns = timeline(story, runner.state)
    assert len(turns) == 1 and turns[0].chapter == "Meeting Alex"
    back = rewound(story, runner.state, 1)
    assert back.state.scene == "bench" and back.values["warmth"] == 4


def test_a_path_the_story_no_longer_has_cannot_be_rewound(story: Story) -> None:
    runner = play_choices(Runner(story, start=BEGIN), 1)
    gone = replace(runner.state, decisions=(Decision("bench", 0, 1),))
    with pytest.raises(ReplayError, match="changed"):
        timeline(story, gone)
    with pytest.raises(ReplayError):
        rewound(story, gone, 1)


def test_compare_shows_where_two_games_part_and_how_each_ended(story: Story) -> None:
    first = play_choices(Runner(story, start=BEGIN), 1, 1).state  # wait, tell: together
    second = play_choices(Runner(story, start=BEGIN), 2, 1).state  # push, tell: apart
    result = compare(story, first, second)
    assert result.split == 1 and result.chapter == "Meeting Alex"
    assert result.first.choices == ("Wait.", "Tell them the truth.")
    assert result.second.choices == ("Ask again, and again.", "Tell them the truth.")
    assert (result.first.ending, result.first.tone, result.first.outcome) == (
        "Yes, Alex",
        Tone.HOPEFUL,
        Outcome.TOGETHER,
    )
    assert (result.second.ending, result.second.tone) == ("Not Now", Tone.BITTERSWEET)
    assert result.first.kept == ("Wait", "Say it") and result.first.missed == ()
    assert result.second.kept == ("Say it",) and result.second.missed == ("Wait",)
    assert result.apart == (LessonApart("Wait", True, False),)
    assert not result.same_ending


def test_a_game_not_yet_over_compares_without_an_ending(story: Story) -> None:
    first = play_choices(Runner(story, start=BEGIN), 1, 2).state
    second = play_choices(Runner(story, start=BEGIN), 1).state
    assert split_at(first, second) == 0
    result = compare(story, first, second)
    assert result.split == 0 and result.second.ending is None and result.second.tone is None
    assert result.first.ending == "Yes, Alex"


def test_what_if_keeps_the_game_set_aside_in_its_own_save(story: Story, tmp_path: Path) -> None:
    session = Session(story, tmp_path)
    session.new_game({}, BEGIN)
    play_choices(session.runner, 1, 1)
    original = session.runner.to_json()
    (tmp_path / "what-if-1.json").write_text("someone else's")  # never written over
    job = session.what_if(1)
    assert job.slot == "what-if-2" and job.write().ok
    assert session.runner.state.scene == "hello" and session.runner.phase is Phase.CHOICE
    assert [(a.slot, a.turn) for a in session.aside] == [("what-if-2", 1)]
    assert session.aside[0].state.to_json() == original
    assert (tmp_path / "what-if-1.json").read_text() == "someone else's"

    session.choose(2)
    play_choices(session.runner, 1)
    result = session.compare()
    assert result is not None and result.first.ending == "Yes, Alex"
    assert result.second.ending == "Not Now"

    again = session.what_if(2)  # a second try gets a slot of its own even before it is written
    assert again.slot == "what-if-3"
    assert session.load("what-if-2").ok
    assert session.runner.to_json() == original and session.aside == []


def test_no_comparison_before_a_what_if(story: Story, tmp_path: Path) -> None:
    session = Session(story, tmp_path)
    session.new_game({}, BEGIN)
    assert session.compare() is None


def test_a_lesson_met_only_one_way_counts_as_apart() -> None:
    first = Side(("a",), "End", Tone.HOPEFUL, None, ("Wait", "Listen"), ())
    second = Side(("b",), "End", Tone.HOPEFUL, None, ("Wait",), ("Slow down",))
    assert lessons_apart(first, second) == (
        LessonApart("Listen", True, None),
        LessonApart("Slow down", None, False),
    )
    assert lessons_apart(first, first) == ()
