"""Format 2 in the loader: draws, words, ids, marks, prompts, messages, reasons, guarantees."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import StoryFactory
from format2_story import CHAPTER, STORY

from game.engine.diagnostics import Code
from game.engine.loader import LoadResult
from game.engine.model import Outcome
from game.engine.runner import Phase, Runner
from game.engine.start import Start, StartError, parse_settings
from game.terminal.play import shown_line


def test_format2_story_reads_every_new_field(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    assert story.format == 2
    ready = story.variables["ready"]
    assert [(d.value, d.weight) for d in ready.draw] == [(True, 3), (False, 1)]
    assert [b.upto for b in story.variables["pushes"].words] == [0, 3]
    assert story.variables["warmth"].label is not None
    hello = story.scenes["hello"]
    assert [c.id for c in hello.choices] == ["wait", "push"]
    assert [(m.lesson, m.kept) for m in hello.choices[1].marks] == [
        ("patience", False),
        ("honesty", True),
    ]
    assert hello.prompt is not None and hello.prompt.notes is not None
    messages = [b.message for b in hello.beats if b.message is not None]
    assert [(m.sender, m.time, m.draft, m.status) for m in messages] == [
        ("you", "02:07", True, None),
        ("ex", "09:14", False, "read"),
    ]
    assert [r.why is not None for r in story.scenes["decide"].routes] == [True, True]
    end = story.scenes["end_yes"]
    assert end.ending is not None and end.ending.outcome is Outcome.TOGETHER
    assert len(end.ending.questions) == 2
    assert end.beats[0].because and not end.beats[1].because
    assert [c.id for c in story.checkpoints] == ["ch2"]
    assert story.checkpoints[0].values == {"warmth": 4}
    assert [g.id for g in story.guarantees] == ["pushed_not_hopeful", "short", "both_ways"]
    assert "Meeting {ex}" in story.chapter_names


def _codes(result: LoadResult) -> list[str]:
    return [d.code.id for d in result.diagnostics]


def test_chose_names_a_choice_id(load_yaml: Callable[..., LoadResult]) -> None:
    bad = CHAPTER.replace('chose("bench.tell")', 'chose("bench.tel")')
    result = load_yaml(STORY, bad)
    assert _codes(result) == [Code.UNKNOWN_CHOICE.id]
    assert "did you mean 'tell'" in result.diagnostics[0].message


def test_kept_is_only_for_guarantees(load_yaml: Callable[..., LoadResult]) -> None:
    bad = CHAPTER.replace('because: chose("bench.tell")', 'because: kept("honesty")')
    assert _codes(load_yaml(STORY, bad)) == [Code.GUARANTEE_ONLY.id]


def test_guarantee_names_are_checked(load_yaml: Callable[..., LoadResult]) -> None:
    bad = STORY.replace('missed("patience")', 'missed("patient")').replace(
        'tone != "hopeful"', "tone != 3"
    )
    assert sorted(_codes(load_yaml(bad, CHAPTER))) == sorted(
        [Code.UNKNOWN_LESSON.id, Code.TYPE_CLASH.id]
    )


def test_drawn_variable_cannot_be_set(load_yaml: Callable[..., LoadResult]) -> None:
    bad = CHAPTER.replace("set: {warmth: +1}", "set: {ready: true}")
    assert _codes(load_yaml(STORY, bad)) == [Code.SET_DRAWN.id]


def test_format2_features_need_format2(load_yaml: Callable[..., LoadResult]) -> None:
    result = load_yaml(STORY.replace("format: 2", "format: 1"), CHAPTER)
    codes = set(_codes(result))
    assert Code.NEEDS_FORMAT2.id in codes
    assert Code.MISSING_OUTCOME.id not in codes


def test_checkpoint_scene_and_value_are_checked(load_yaml: Callable[..., LoadResult]) -> None:
    bad = STORY.replace("scene: bench", "scene: bensh").replace("warmth: 4}", "warmth: 9}")
    assert sorted(_codes(load_yaml(bad, CHAPTER))) == sorted(
        [Code.UNKNOWN_SCENE.id, Code.EFFECT_MISFIT.id]
    )


def test_draws_follow_the_seed_and_saves_keep_them(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    drawn = {Runner(story, start=Start(seed=s)).values["ready"] for s in range(40)}
    assert drawn == {True, False}
    one = Runner(story, start=Start(seed=7))
    again = Runner(story, start=Start(seed=7))
    assert one.values["ready"] == again.values["ready"]
    restored, note = Runner.restore(story, one.to_json())
    assert note is None and restored.values["ready"] == one.values["ready"]
    assert restored.state.seed == 7


def test_set_fixes_a_draw_and_checks_values(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    fixed = parse_settings(story, ["ready=false", "warmth=5"])
    assert fixed == {"ready": False, "warmth": 5}
    runner = Runner(story, start=Start(seed=3, fixed=fixed))
    assert runner.values["ready"] is False and runner.values["warmth"] == 5
    with pytest.raises(StartError, match=r"outside warmth's range 0\.\.5"):
        parse_settings(story, ["warmth=9"])
    with pytest.raises(StartError, match="no variable 'warm'"):
        parse_settings(story, ["warm=1"])


def test_checkpoint_starts_there_with_its_values(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    runner = Runner(story, start=Start(checkpoint="ch2"))
    assert runner.scene.id == "bench" and runner.values["warmth"] == 4
    assert runner.state.visits["hello"] == 1


def test_messages_reach_the_terminal_as_messages(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    runner = Runner(story)
    first = runner.line
    assert first is not None and first.kind == "message" and first.draft
    assert first.mine
    assert shown_line(first) == "[Your draft, 02:07, never sent] I miss you."
    assert runner.thread == (first,)
    runner.advance()
    second = runner.line
    assert second is not None and not second.mine
    assert shown_line(second) == "[Text from Alex, 09:14, read] Morning."
    assert runner.thread == (first, second)  # the thread so far, oldest first


def test_chose_and_marks_count_and_undo(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    runner = Runner(story, start=Start(fixed={"ready": True}))
    while runner.phase is not Phase.CHOICE:
        runner.advance()
    runner.choose(1)  # push: missed patience, kept honesty
    visits = runner.state.visits
    assert visits["hello.push"] == 1 and visits["missed:patience"] == 1
    assert visits["kept:honesty"] == 1
    runner.undo()
    assert "hello.push" not in runner.state.visits
    assert [m.lesson.id for m in runner.lesson_moments()] == []


def test_a_format_1_save_still_loads(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    old = Runner(story).to_json()
    for key in ("seed", "drawn", "fixed", "checkpoint"):
        del old[key]
    old["format"] = 1
    restored, note = Runner.restore(story, old)
    assert note is None and restored.state.seed is None


def test_the_choices_after_a_message_keep_its_thread(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER.replace('      - "{ex} waves."\n', "", 1))
    runner = Runner(story)
    first = runner.line
    runner.advance()
    second = runner.line
    runner.advance()
    assert runner.phase is Phase.CHOICE
    assert runner.thread == (first, second)  # answered from the phone, not a plain line
    runner.choose(0)
    runner.advance()  # past "The bench is cold."
    assert runner.phase is Phase.CHOICE and runner.thread == ()


def test_a_line_between_messages_leaves_the_phone_as_it_was(make_story: StoryFactory) -> None:
    between = '      - message: {from: ex, time: "09:14", text: "Morning.", status: read}\n'
    story = make_story(STORY, CHAPTER.replace(between, '      - "You stare."\n' + between, 1))
    runner = Runner(story)
    first = runner.line
    runner.advance()
    assert runner.thread == ()  # a narrated line is in the text box, not on the phone
    runner.advance()
    assert runner.thread == (first, runner.line)


def test_a_game_started_at_a_scene_saves_and_restores_there(make_story: StoryFactory) -> None:
    story = make_story(STORY, CHAPTER)
    runner = Runner(story, start=Start(scene="bench", fixed={"warmth": 5}))
    assert runner.scene.id == "bench" and runner.state.visits == {"bench": 1}
    while runner.phase is not Phase.CHOICE:
        runner.advance()
    runner.choose(0)
    saved = runner.to_json()
    assert saved["start"] == "bench"
    restored, note = Runner.restore(story, saved)
    assert note is None and restored.state == runner.state
    with pytest.raises(StartError, match="no scene 'bnech' — did you mean 'bench'"):
        Runner(story, start=Start(scene="bnech"))
