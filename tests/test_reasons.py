"""Reasons for never-available choices and unreachable endings, and the size warnings."""

from __future__ import annotations

from collections.abc import Callable

from game.authoring.check import check_flow
from game.authoring.explore import explore
from game.authoring.reasons import Reasons, truth
from game.engine import expr as ex
from game.engine.model import Story

StoryFactory = Callable[..., Story]

STORY = """\
    format: 1
    id: test
    title: Test
    start: first
    variables:
      patience: {value: 0, min: 0, max: 10}
    """


def test_a_loop_that_adds_widens_to_the_variables_limit(make_story: StoryFactory) -> None:
    story = make_story(
        STORY,
        """\
        chapter: One
        scenes:
          first:
            text: Again.
            choices:
              - {text: More., set: {patience: +3}, goto: first}
              - {text: Stop., goto: end}
          end:
            text: Done.
            ending: {title: Done, tone: hopeful}
        """,
    )
    reasons = Reasons(story, explore(story))
    assert reasons.at["first"]["patience"] == (0.0, 10.0)
    assert reasons.at["end"]["patience"] == (0.0, 10.0)


def test_the_reason_names_the_bound_that_rules_a_choice_out(make_story: StoryFactory) -> None:
    story = make_story(
        STORY,
        """\
        chapter: One
        scenes:
          first:
            text: Hello.
            choices:
              - {text: Up., set: {patience: +2}, goto: second}
              - {text: Down., goto: second}
          second:
            text: Well.
            choices:
              - {text: Calm., if: patience < 0, goto: end}
              - {text: Long., if: patience > 4 or patience == 9, goto: end}
              - {text: On., goto: end}
          end:
            text: Done.
            ending: {title: Done, tone: hopeful}
        """,
    )
    reasons = Reasons(story, explore(story))
    assert reasons.choice("second", 0) == "patience is at least 0 here"
    assert reasons.choice("second", 1) == "patience is at most 2 here"
    assert reasons.choice("second", 2) is None


def test_truth_of_conditions_over_ranges() -> None:
    env = {"p": (2.0, 4.0)}
    assert truth(ex.parse("p > 1"), env) == {True}
    assert truth(ex.parse("p > 3"), env) == {True, False}
    assert truth(ex.parse("not p > 5"), env) == {True}
    assert truth(ex.parse("p + 1 == 9"), env) == {False}
    assert truth(ex.parse('visited("x") > 0'), env) == {True, False}


def test_flow_reports_carry_the_reasons(make_story: StoryFactory) -> None:
    story = make_story(
        STORY,
        """\
        chapter: One
        scenes:
          first:
            text: Hello.
            choices:
              - {text: Never., if: patience > 3, goto: gone}
              - {text: On., goto: end}
          end:
            text: Done.
            ending: {title: Done, tone: hopeful}
          gone:
            text: Gone.
            ending: {title: Gone, tone: hard}
          lost:
            text: Lost.
            ending: {title: Lost, tone: hard}
        """,
    )
    messages = [d.message for d in check_flow(story)[0]]
    assert "choice 1 in 'first' is never available: patience is always 0 here" in messages
    assert (
        "ending 'gone' can never be reached: choice 1 in 'first' leads here but is never "
        "available (patience is always 0 here)"
    ) in messages
    assert "ending 'lost' can never be reached: nothing leads here" in messages


def test_sizes_are_warned_about_past_their_limits(make_story: StoryFactory) -> None:
    long_line = "word " * 110
    choices = "".join(f"      - {{text: C{n}., goto: end}}\n" for n in range(9))
    story = make_story(
        STORY,
        "chapter: One\nscenes:\n  first:\n    text:\n"
        + f"      - {long_line.strip()}\n"
        + "".join(f"      - Line {n}.\n" for n in range(40))
        + f"    choices:\n{choices}"
        + "  end:\n    text: Done.\n    ending: {title: Done, tone: hopeful}\n",
    )
    codes = [d.code.id for d in check_flow(story)[0] if d.code.id.startswith("S13")]
    assert sorted(codes) == ["S130", "S131"]  # 549 characters, 41 beats, 9 choices
