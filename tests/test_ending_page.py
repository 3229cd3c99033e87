"""What the ending page says on real playthroughs: what decided the ending (routes' `why:`
and `because:` lines with the acts behind them), what was never up to the player (draws that
mattered), counts in words with each act named, the whole lesson timeline, the questions."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import StoryFactory
from format2_story import CHAPTER, STORY

from game.engine.model import Outcome, Story, Value
from game.engine.report import EndingReport
from game.engine.runner import Phase, Runner
from game.engine.start import Start
from game.engine.templates import quotation
from game.terminal.play import TextOptions, play_text

PUSH = "Ask again, and again."


def played(
    story: Story, picks: list[int], fixed: dict[str, Value], seed: int | None = None
) -> Runner:
    """Play `picks` (0-based choice numbers) to the ending; the runner there."""
    runner = Runner(story, start=Start(seed, fixed))
    picks = list(picks)
    while runner.phase is not Phase.ENDED:
        if runner.phase is Phase.BEAT:
            runner.advance()
        else:
            runner.choose(picks.pop(0))
    return runner


def report_of(runner: Runner) -> EndingReport:
    report = runner.ending
    assert report is not None
    return report


def test_one_push_is_named_as_what_decided_the_ending(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    report = report_of(played(story, [1, 0], {"ready": True}))
    assert report.title == "Not Now" and report.outcome is Outcome.APART
    route, line = report.reasons
    assert route.route and route.text == "Alex had decided."
    # Without the push the route would have said yes: that act, and only it, is named.
    assert [a.choice for a in route.acts] == [PUSH]
    assert (line.route, line.speaker, line.text) == (False, "Alex", "You asked twice.")
    assert [a.choice for a in line.acts] == [PUSH]
    # `ready` was drawn true, but with the push the answer was no either way.
    assert report.given == ()
    (tally,) = report.tallies
    assert tally.words == "Alex had to hold the line 2 times."
    assert [a.choice for a in tally.acts] == [PUSH]
    assert report.questions == ("Was it fair?", "What now?")


def test_a_draw_that_decided_is_never_up_to_you(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    report = report_of(played(story, [0, 1], {"ready": False}))
    assert report.title == "Not Now"
    (given,) = report.given
    assert given.text == "Alex had moved on before you rang." and given.fixed
    assert report.reasons[0].text == "Alex had decided."
    assert report.tallies[0].words == "Alex never had to hold a line."
    assert report.tallies[0].acts == ()
    drawn = next(s for s in range(50) if not Runner(story, start=Start(s)).values["ready"])
    report = report_of(played(story, [0, 1], {}, seed=drawn))
    assert [(g.text, g.fixed) for g in report.given] == [
        ("Alex had moved on before you rang.", False)
    ]


def test_the_timeline_keeps_every_moment_and_marks_the_deciding_one(
    make_story: StoryFactory,
) -> None:
    story = make_story(STORY, CHAPTER)
    report = report_of(played(story, [1, 0], {"ready": True}))
    timeline = [(m.lesson.id, m.kept, m.choice, m.decisive) for m in report.moments]
    assert timeline == [
        ("patience", False, PUSH, True),
        ("honesty", True, PUSH, True),
        ("honesty", True, "Tell them the truth.", False),
    ]
    assert [m.lesson.id for m in report.kept] == ["honesty"]  # the summary keeps the last


def test_the_terminal_page_says_it_all_in_words(make_story: StoryFactory, tmp_path: Path) -> None:
    story = make_story(STORY, CHAPTER)
    page = _terminal(story, tmp_path, facilitator=False)
    decided = page.split("What decided this ending:")[1].split("How it went:")[0]
    assert "Alex had decided." in decided
    assert f"- when you chose “{PUSH}” (Meeting Alex)" in decided
    assert "Alex: You asked twice." in decided
    assert "You end up apart." in page
    assert "Alex had to hold the line 2 times." in page
    assert f"MISSED Wait [this decided the ending] — “{PUSH}”" in page
    assert "KEPT   Say it — “Tell them the truth.” (Meeting Alex)." in page
    assert "To talk about:\n  1. Was it fair?\n  2. What now?" in page
    # The meter has no words, so players see its number; the trail is the facilitator's.
    assert "How warm Alex felt [##--------] 1/5" in page
    assert "after each decision" not in page
    facilitator = _terminal(story, tmp_path / "f", facilitator=True)
    assert "The numbers (facilitator):" in facilitator
    assert "from the start, after each decision: 2 → 1 → 1" in facilitator
    assert "pushes: 2" in facilitator


def _terminal(story: Story, data: Path, *, facilitator: bool) -> str:
    out = io.StringIO()
    options = TextOptions(saves=data, facilitator=facilitator, start=Start(None, {"ready": True}))
    code = play_text(story, io.StringIO("\n\n\n\n\n\n2\n\n1\n\n\n"), out, options)
    assert code == 0
    return out.getvalue().split("THE END")[1]


def test_quotations_nest_typographically() -> None:
    assert quotation("Steady yourself. “I’m fine.”") == "“Steady yourself. ‘I’m fine.’”"
    assert quotation("“I’m okay.” Then leave.") == "“‘I’m okay.’ Then leave.”"
    assert quotation("“No. I’m sorry.”") == "“No. I’m sorry.”"
    assert quotation("“He said “no”, twice.”") == "“He said ‘no’, twice.”"
    assert quotation("Close the album.") == "“Close the album.”"
