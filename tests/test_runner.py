"""The runner: phases, beats, choices, effects, routes, answers, undo, endings and restore."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from storytexts import build, lines_until_choice

from game.engine.model import Story, Tone
from game.engine.runner import Phase, Runner, RunnerError
from game.engine.state import StateError

HEADER = """\
format: 1
id: test
title: Test
start: {start}
"""


def option_texts(runner: Runner) -> list[str]:
    return [o.text for o in runner.options]


def pick(runner: Runner, text: str) -> None:
    """Choose the option with this text."""
    texts = option_texts(runner)
    assert text in texts, texts
    runner.choose(texts.index(text))


# --- phases -----------------------------------------------------------------------------------

SIMPLE = HEADER.format(start="intro")
SIMPLE_CHAPTER = """\
chapter: First
scenes:
  intro:
    text:
      - One.
      - Two.
    prompt: What now?
    choices:
      - {text: Go left, goto: left}
      - {text: Go right, goto: right}
  left:
    text: The left end.
    ending: {title: Left, tone: hopeful}
  right:
    ending: {title: Right, tone: hard}
"""


def test_phases_beat_choice_ended(tmp_path: Path) -> None:
    runner = Runner(build(SIMPLE, SIMPLE_CHAPTER))
    assert runner.phase is Phase.BEAT
    assert runner.line is not None and runner.line.text == "One."
    assert runner.line.speaker is None and runner.line.name is None
    assert runner.options == ()
    assert runner.prompt is None
    assert runner.ending is None
    runner.advance()
    assert runner.phase is Phase.BEAT
    assert runner.line is not None and runner.line.text == "Two."
    runner.advance()
    assert runner.phase is Phase.CHOICE
    assert runner.line is None
    assert runner.prompt == "What now?"
    assert [(o.number, o.text, o.index) for o in runner.options] == [
        (1, "Go left", 0),
        (2, "Go right", 1),
    ]
    runner.choose(0)
    assert runner.phase is Phase.BEAT
    assert runner.scene.id == "left"
    assert runner.chapter == "First"
    assert runner.line is not None and runner.line.text == "The left end."
    assert runner.ending is None
    runner.advance()
    assert runner.phase is Phase.ENDED
    assert runner.line is None and runner.options == () and runner.prompt is None
    assert runner.ending is not None and runner.ending.title == "Left"


def test_an_ending_without_beats_ends_at_once(tmp_path: Path) -> None:
    runner = Runner(build(SIMPLE, SIMPLE_CHAPTER))
    lines_until_choice(runner)
    runner.choose(1)
    assert runner.phase is Phase.ENDED
    assert runner.ending is not None
    assert (runner.ending.title, runner.ending.tone) == ("Right", Tone.HARD)


def test_wrong_phase_calls_and_bad_indexes_raise(tmp_path: Path) -> None:
    runner = Runner(build(SIMPLE, SIMPLE_CHAPTER))
    with pytest.raises(RunnerError):
        runner.choose(0)
    lines_until_choice(runner)
    with pytest.raises(RunnerError):
        runner.advance()
    for bad in (-1, 2, 99):
        with pytest.raises(RunnerError):
            runner.choose(bad)
    assert runner.phase is Phase.CHOICE  # nothing changed
    assert len(runner.history) == 2
    runner.choose(1)
    assert runner.phase is Phase.ENDED
    with pytest.raises(RunnerError):
        runner.advance()
    with pytest.raises(RunnerError):
        runner.choose(0)


def test_undo_at_the_start_does_nothing(tmp_path: Path) -> None:
    runner = Runner(build(SIMPLE, SIMPLE_CHAPTER))
    assert not runner.can_undo
    assert runner.undo() is False
    assert runner.line is not None and runner.line.text == "One."


# --- beats and choices ------------------------------------------------------------------------

GATED = """\
format: 1
id: test
title: Test
start: hub
variables:
  trust: {value: 2, min: 0, max: 5}
"""
GATED_CHAPTER = """\
chapter: Gates
scenes:
  hub:
    text:
      - Always.
      - if: trust > 3
        text: Only when trust is high.
      - if: trust <= 3
        text: Only when trust is low.
      - if: visited("hub") >= 2
        text: You have been here before.
    choices:
      - text: Look around
        once: true
        goto: hub
      - text: Trust more
        set: {trust: +2}
        goto: hub
      - text: The trusted door
        if: trust >= 4
        goto: done
      - text: Leave
        goto: done
  done:
    ending: {title: Done, tone: bittersweet}
"""


def test_conditional_beats_are_skipped(tmp_path: Path) -> None:
    runner = Runner(build(GATED, GATED_CHAPTER))
    assert lines_until_choice(runner) == ["Always.", "Only when trust is low."]
    pick(runner, "Trust more")
    assert runner.values["trust"] == 4
    assert lines_until_choice(runner) == [
        "Always.",
        "Only when trust is high.",
        "You have been here before.",
    ]


def test_if_hides_choices_and_numbers_what_is_shown(tmp_path: Path) -> None:
    runner = Runner(build(GATED, GATED_CHAPTER))
    lines_until_choice(runner)
    assert option_texts(runner) == ["Look around", "Trust more", "Leave"]
    assert [(o.number, o.index) for o in runner.options] == [(1, 0), (2, 1), (3, 3)]
    pick(runner, "Trust more")
    lines_until_choice(runner)
    assert option_texts(runner) == ["Look around", "Trust more", "The trusted door", "Leave"]
    assert [(o.number, o.index) for o in runner.options] == [(1, 0), (2, 1), (3, 2), (4, 3)]
    runner.choose(2)
    assert runner.scene.id == "done"
    assert runner.state.decisions[-1].choice == 2


def test_once_choices_are_hidden_after_use(tmp_path: Path) -> None:
    runner = Runner(build(GATED, GATED_CHAPTER))
    lines_until_choice(runner)
    pick(runner, "Look around")
    assert runner.state.taken == frozenset({"hub#0"})
    lines_until_choice(runner)
    assert "Look around" not in option_texts(runner)
    pick(runner, "Trust more")
    lines_until_choice(runner)
    assert "Look around" not in option_texts(runner)  # stays hidden on every later visit
    # Undo brings it back.
    while runner.state.decisions:
        runner.undo()
    lines_until_choice(runner)
    assert "Look around" in option_texts(runner)


# --- effects ----------------------------------------------------------------------------------

EFFECTS = """\
format: 1
id: test
title: Test
start: start
variables:
  trust: {value: 3, min: 0, max: 5}
  free: {value: 0}
  steps: {value: 0, min: 0, max: 2}
  flag: {value: false}
  mood: {value: calm, one_of: [calm, upset, wary]}
  other_mood: {value: wary}
"""
EFFECTS_CHAPTER = """\
chapter: Effects
scenes:
  start:
    set: {steps: +1}
    choices:
      - text: Up a lot
        set: {trust: +4}
        goto: start
      - text: Down a lot
        set: {trust: -9}
        goto: start
      - text: Too high
        set: {trust: 9}
        goto: start
      - text: Absolute
        set: {trust: 1, free: -40, flag: true, mood: upset}
        goto: start
      - text: Expression
        set: {free: trust * 10 + steps, trust: trust - 1, mood: "= other_mood"}
        goto: start
      - text: Chain
        set: {free: 7, trust: free / 2}
        goto: start
      - text: End
        goto: end
  end:
    ending: {title: End, tone: hopeful}
"""


def test_effects_relative_absolute_expressions_and_clamping(tmp_path: Path) -> None:
    runner = Runner(build(EFFECTS, EFFECTS_CHAPTER))
    assert runner.phase is Phase.CHOICE
    assert runner.values["steps"] == 1  # the start scene's own `set`
    pick(runner, "Up a lot")
    assert runner.values["trust"] == 5  # 3 + 4 clamped to max 5
    assert runner.values["steps"] == 2
    pick(runner, "Down a lot")
    assert runner.values["trust"] == 0  # clamped to min 0
    assert runner.values["steps"] == 2  # clamped to max 2 on the third entry
    pick(runner, "Too high")
    assert runner.values["trust"] == 5  # an absolute value is clamped too
    pick(runner, "Absolute")
    assert runner.values["trust"] == 1
    assert runner.values["free"] == -40  # `-40` is relative; no min, so not clamped
    assert runner.values["flag"] is True
    assert runner.values["mood"] == "upset"
    pick(runner, "Expression")
    # Effects apply in order, each seeing the ones before: free = 1 * 10 + 2, then trust - 1.
    assert runner.values["free"] == 12
    assert runner.values["trust"] == 0
    assert runner.values["mood"] == "wary"
    pick(runner, "Chain")
    assert runner.values["free"] == 7
    assert runner.values["trust"] == 3  # 7 / 2 rounds down


def test_scene_entry_set_runs_on_every_entry(tmp_path: Path) -> None:
    story = build(
        GATED,
        GATED_CHAPTER.replace("  hub:\n", "  hub:\n    set: {trust: -1}\n"),
    )
    runner = Runner(story)
    assert runner.values["trust"] == 1  # 2, minus 1 on entering the start scene
    lines_until_choice(runner)
    pick(runner, "Trust more")
    assert runner.values["trust"] == 2  # +2 from the choice, -1 on entering hub again
    assert runner.state.visits["hub"] == 2


# --- routes -----------------------------------------------------------------------------------

ROUTES = """\
format: 1
id: test
title: Test
start: start
variables:
  trust: {value: 0, min: 0, max: 9}
"""
ROUTES_CHAPTER = """\
chapter: Routes
scenes:
  start:
    choices:
      - {text: low, goto: router}
      - {text: middle, set: {trust: 3}, goto: router}
      - {text: high, set: {trust: 7}, goto: router}
      - {text: talky, goto: talky}
  router:
    goto:
      - if: trust >= 5
        goto: relay
      - if: trust >= 2
        goto: middle
      - goto: low
  relay:
    set: {trust: +1}
    text:
      - if: trust > 100
        text: never shown, so this scene passes through too
    goto: high
  talky:
    text:
      - Talky one.
      - Talky two.
    goto:
      - if: trust > 0
        goto: high
      - goto: low
  low:
    text: Low.
    ending: {title: Low, tone: hard}
  middle:
    text: Middle.
    ending: {title: Middle, tone: bittersweet}
  high:
    text: High.
    ending: {title: High, tone: hopeful}
"""


@pytest.mark.parametrize(
    ("option", "scene", "trust"), [("low", "low", 0), ("middle", "middle", 3), ("high", "high", 8)]
)
def test_routes_pick_the_first_true_route(
    tmp_path: Path, option: str, scene: str, trust: int
) -> None:
    runner = Runner(build(ROUTES, ROUTES_CHAPTER))
    pick(runner, option)
    # Beat-less routed scenes are passed through in one step: the ending's text is next.
    assert runner.scene.id == scene
    assert runner.phase is Phase.BEAT
    assert runner.values["trust"] == trust
    assert runner.state.visits["router"] == 1
    assert runner.state.visits.get("relay", 0) == (1 if scene == "high" else 0)
    runner.advance()
    assert runner.phase is Phase.ENDED
    assert runner.ending is not None and runner.ending.scene == scene


def test_routed_scene_with_beats_shows_them_then_routes(tmp_path: Path) -> None:
    runner = Runner(build(ROUTES, ROUTES_CHAPTER))
    pick(runner, "talky")
    assert lines_until_choice(runner) == ["Talky one.", "Talky two.", "Low."]
    assert runner.phase is Phase.ENDED
    assert runner.ending is not None and runner.ending.title == "Low"


def test_routed_start_scene_is_passed_through(tmp_path: Path) -> None:
    chapter = ROUTES_CHAPTER.replace("scenes:\n", "scenes:\n  begin:\n    goto: router\n")
    story = build(ROUTES.replace("start: start", "start: begin"), chapter)
    runner = Runner(story)
    assert runner.scene.id == "low"
    assert runner.state.visits == {"begin": 1, "router": 1, "low": 1}


# --- answers ----------------------------------------------------------------------------------

ANSWERS = """\
format: 1
id: test
title: Test
start: call
pronouns: ex_pronouns
characters:
  you: {name: "{player}"}
  ex: {name: "{ex}", color: "#e0a458"}
  maya: {name: Maya}
variables:
  player: {value: Sam, ask: "What's your name?"}
  ex: {value: Robin, ask: "Their name?"}
  ex_pronouns: {value: they, one_of: [he, she, they], ask: Which pronouns?}
  trust: {value: 1, min: 0, max: 3, meter: Trust}
"""
ANSWERS_CHAPTER = """\
chapter: The Call
scenes:
  call:
    text:
      - You, {player}, call {ex}. {They} {picks|pick} up; {they're} surprised.
      - you: "It's {player}."
      - ex: "Oh. {player}."
      - maya: "{They} {are} on the line."
    choices:
      - text: Tell {them} you're sorry
        goto: end
  end:
    ending: {title: End, tone: hopeful}
"""


def test_answers_appear_in_text_and_name_plates(tmp_path: Path) -> None:
    story = build(ANSWERS, ANSWERS_CHAPTER)
    runner = Runner(story, {"player": "Kim", "ex": "Jo", "ex_pronouns": "she"})
    assert runner.state.answers == {"player": "Kim", "ex": "Jo", "ex_pronouns": "she"}
    line = runner.line
    assert line is not None
    assert line.text == "You, Kim, call Jo. She picks up; she's surprised."
    runner.advance()
    line = runner.line
    assert line is not None
    assert (line.text, line.speaker, line.name, line.color) == ("It's Kim.", "you", "Kim", None)
    runner.advance()
    line = runner.line
    assert line is not None
    assert (line.text, line.speaker, line.name, line.color) == ("Oh. Kim.", "ex", "Jo", "#e0a458")
    runner.advance()
    line = runner.line
    assert line is not None
    assert (line.text, line.name) == ("She is on the line.", "Maya")
    runner.advance()
    assert option_texts(runner) == ["Tell her you're sorry"]
    assert runner.speaker_name("ex") == "Jo"
    assert runner.speaker_name(None) is None


def test_pronoun_answers_change_the_text(tmp_path: Path) -> None:
    story = build(ANSWERS, ANSWERS_CHAPTER)
    firsts = {}
    for pronoun in ("he", "she", "they"):
        runner = Runner(story, {"ex_pronouns": pronoun})
        assert runner.line is not None
        firsts[pronoun] = runner.line.text
    assert firsts == {
        "he": "You, Sam, call Robin. He picks up; he's surprised.",
        "she": "You, Sam, call Robin. She picks up; she's surprised.",
        "they": "You, Sam, call Robin. They pick up; they're surprised.",
    }


@pytest.mark.parametrize(
    "answers",
    [
        {"player": "   "},  # blank text
        {"player": 5},  # wrong type
        {"ex_pronouns": "xe"},  # not one of the choices
        {"trust": "high"},
    ],
)
def test_unusable_answers_fall_back_to_defaults(tmp_path: Path, answers: dict[str, Any]) -> None:
    runner = Runner(build(ANSWERS, ANSWERS_CHAPTER), answers)
    assert runner.values["player"] == "Sam"
    assert runner.values["ex_pronouns"] == "they"
    assert runner.values["trust"] == 1
    assert runner.line is not None
    assert runner.line.text == "You, Sam, call Robin. They pick up; they're surprised."


def test_number_answers_are_clamped(tmp_path: Path) -> None:
    runner = Runner(build(ANSWERS, ANSWERS_CHAPTER), {"trust": 50})
    assert runner.values["trust"] == 3


# --- history ----------------------------------------------------------------------------------


def test_history_records_lines_with_names_and_choices(tmp_path: Path) -> None:
    story = build(ANSWERS, ANSWERS_CHAPTER)
    runner = Runner(story, {"player": "Kim"})
    assert len(runner.history) == 0
    lines_until_choice(runner)
    runner.choose(0)
    where = ("call", "The Call")
    entries = [(h.kind, h.text, h.name, h.color, (h.scene, h.chapter)) for h in runner.history]
    assert entries == [
        ("line", "You, Kim, call Robin. They pick up; they're surprised.", None, None, where),
        ("line", "It's Kim.", "Kim", None, where),
        ("line", "Oh. Kim.", "Robin", "#e0a458", where),
        ("line", "They are on the line.", "Maya", None, where),
        ("choice", "Tell them you're sorry", None, None, where),
    ]
    runner.undo()
    assert len(runner.history) == 4
    runner.undo()
    assert [h.text for h in runner.history] == [e[1] for e in entries[:3]]


# --- undo -------------------------------------------------------------------------------------

LOOP = """\
format: 1
id: test
title: Test
start: first
variables:
  laps: {value: 0, min: 0, max: 40}
  mood: {value: 0, min: -5, max: 5, meter: Mood}
"""
LOOP_CHAPTER = """\
chapter: Round and Round
scenes:
  first:
    text: The very first beat.
    goto: lap
  lap:
    set: {laps: +1}
    text:
      - Lap {laps} begins.
      - if: laps > 2
        text: Your legs ache.
    choices:
      - text: Cheer up (lap {laps})
        set: {mood: +1}
        goto: lap
      - text: Sulk
        once: true
        set: {mood: -2}
        goto: lap
      - text: Stop
        goto: stop
  stop:
    text: You stop.
    ending: {title: Stopped, tone: hopeful}
"""


def snapshot(runner: Runner) -> tuple[object, ...]:
    return (
        runner.phase,
        runner.line,
        runner.options,
        runner.state,
        dict(runner.values),
        runner.history,
        len(runner.history),
        runner.scene.id,
    )


def test_undo_goes_back_through_every_step_to_the_first_beat(tmp_path: Path) -> None:
    runner = Runner(build(LOOP, LOOP_CHAPTER))
    snapshots = [snapshot(runner)]
    steps = 0
    while steps < 160:
        if runner.phase is Phase.BEAT:
            runner.advance()
        else:
            sulk = "Sulk" in option_texts(runner) and steps > 40
            pick(runner, "Sulk" if sulk else option_texts(runner)[0])
        steps += 1
        snapshots.append(snapshot(runner))
    while runner.phase is not Phase.ENDED:
        if runner.phase is Phase.BEAT:
            runner.advance()
        else:
            pick(runner, "Stop")
        steps += 1
        snapshots.append(snapshot(runner))
    assert steps > 150
    assert runner.values["laps"] == 40  # clamped somewhere along the way
    assert runner.ending is not None
    for expected in reversed(snapshots[:-1]):
        assert runner.undo() is True
        assert snapshot(runner) == expected
    assert runner.undo() is False
    assert not runner.can_undo
    assert runner.line is not None and runner.line.text == "The very first beat."
    assert runner.history == ()
    assert runner.state.decisions == ()
    assert runner.values == {"laps": 0, "mood": 0}


def test_undo_then_a_different_choice(tmp_path: Path) -> None:
    runner = Runner(build(LOOP, LOOP_CHAPTER))
    lines_until_choice(runner)
    pick(runner, "Sulk")
    assert runner.values["mood"] == -2
    runner.undo()
    assert runner.values["mood"] == 0
    assert runner.state.taken == frozenset()
    pick(runner, "Cheer up (lap 1)")
    assert runner.values["mood"] == 1
    assert runner.history[-1].text == "Cheer up (lap 1)"
    assert [h.kind for h in runner.history].count("choice") == 1


# --- the ending report ------------------------------------------------------------------------

LESSONS = """\
format: 1
id: test
title: Test
start: open
characters:
  ex: {name: "{ex}"}
variables:
  ex: {value: Robin, ask: Name?}
  trust: {value: 2, min: 0, max: 6, meter: Trust}
  nerves: {value: 5, min: -1, max: 5, meter: Nerves}
  hidden: {value: 0}
lessons:
  listen: {title: Listen first, theme: patience, text: Let them finish.}
  sorry: {title: Say sorry, theme: sincerity, text: Mean it.}
  unused: {title: Never marked, theme: growth, text: Not on this path.}
"""
LESSONS_CHAPTER_1 = """\
chapter: Opening
scenes:
  open:
    text: It starts.
    choices:
      - text: Interrupt {ex}
        set: {trust: -1, nerves: +3}
        lesson: {id: listen, kept: false, note: "You spoke over {ex}."}
        goto: middle
      - text: Wait for {ex}
        set: {trust: +1}
        lesson: {id: listen, kept: true, note: "You let {ex} finish."}
        goto: middle
"""
LESSONS_CHAPTER_2 = """\
chapter: Closing
scenes:
  middle:
    choices:
      - text: Say sorry to {ex}
        set: {trust: +3, nerves: -2}
        lesson: {id: sorry, kept: true, note: Plain words.}
        goto: listen_again
      - text: Shrug
        set: {hidden: +1}
        lesson: {id: sorry, kept: false}
        goto: finale
  listen_again:
    choices:
      - text: Listen properly this time
        lesson: {id: listen, kept: true, note: Better late.}
        goto: finale
  finale:
    text: The end.
    ending:
      title: A Quiet Evening
      tone: bittersweet
      lessons: [sorry, listen]
"""


def play_lessons(tmp_path: Path, first: str, second: str) -> Runner:
    story = build(LESSONS, LESSONS_CHAPTER_1, LESSONS_CHAPTER_2)
    runner = Runner(story, {"ex": "Jo"})
    lines_until_choice(runner)
    pick(runner, first)
    pick(runner, second)
    if runner.phase is Phase.CHOICE:
        pick(runner, "Listen properly this time")
    lines_until_choice(runner)
    assert runner.phase is Phase.ENDED
    return runner


def test_ending_report_title_tone_focus(tmp_path: Path) -> None:
    report = play_lessons(tmp_path, "Wait for Jo", "Shrug").ending
    assert report is not None
    assert report.scene == "finale"
    assert report.title == "A Quiet Evening"
    assert report.tone is Tone.BITTERSWEET
    assert [lesson.id for lesson in report.focus] == ["sorry", "listen"]
    assert report.focus[0].title == "Say sorry"
    assert report.decisions == 2


def test_ending_report_kept_and_missed(tmp_path: Path) -> None:
    report = play_lessons(tmp_path, "Wait for Jo", "Shrug").ending
    assert report is not None
    assert [(m.lesson.id, m.choice, m.note, m.scene, m.chapter) for m in report.kept] == [
        ("listen", "Wait for Jo", "You let Jo finish.", "open", "Opening")
    ]
    assert [(m.lesson.id, m.choice, m.note, m.scene, m.chapter) for m in report.missed] == [
        ("sorry", "Shrug", "", "middle", "Closing")
    ]
    assert "unused" not in {m.lesson.id for m in report.moments}


def test_the_latest_mark_of_a_lesson_wins(tmp_path: Path) -> None:
    report = play_lessons(tmp_path, "Interrupt Jo", "Say sorry to Jo").ending
    assert report is not None
    assert [(m.lesson.id, m.kept, m.note) for m in report.moments] == [
        ("listen", False, "You spoke over Jo."),
        ("sorry", True, "Plain words."),
        ("listen", True, "Better late."),
    ]
    assert sorted((m.lesson.id, m.choice) for m in report.kept) == [
        ("listen", "Listen properly this time"),
        ("sorry", "Say sorry to Jo"),
    ]
    assert report.missed == ()
    assert report.decisions == 3


def test_meter_tracks_start_and_one_value_per_decision(tmp_path: Path) -> None:
    report = play_lessons(tmp_path, "Interrupt Jo", "Say sorry to Jo").ending
    assert report is not None
    tracks = {t.id: t for t in report.meters}
    assert list(tracks) == ["trust", "nerves"]  # only meters, in declaration order
    assert (tracks["trust"].label, tracks["trust"].lo, tracks["trust"].hi) == ("Trust", 0, 6)
    assert tracks["trust"].values == (2, 1, 4, 4)
    assert (tracks["nerves"].lo, tracks["nerves"].hi) == (-1, 5)
    assert tracks["nerves"].values == (5, 5, 3, 3)  # 5 + 3 clamped to 5, then -2
    for track in report.meters:
        assert len(track.values) == report.decisions + 1


# --- saving and restoring ---------------------------------------------------------------------


def roundtrip(story: Story, runner: Runner) -> tuple[Runner, str | None]:
    data = json.loads(json.dumps(runner.to_json()))
    return Runner.restore(story, data)


def play_some(runner: Runner, steps: int) -> None:
    for n in range(steps):
        if runner.phase is Phase.BEAT:
            runner.advance()
        elif runner.phase is Phase.CHOICE:
            texts = option_texts(runner)
            runner.choose(1 if n % 3 == 0 and len(texts) > 2 else 0)


@pytest.mark.parametrize("steps", [0, 1, 2, 5, 17, 40])
def test_restore_gives_the_same_state_and_undo(tmp_path: Path, steps: int) -> None:
    story = build(LOOP, LOOP_CHAPTER)
    runner = Runner(story)
    play_some(runner, steps)
    restored, note = roundtrip(story, runner)
    assert note is None
    assert restored.state == runner.state
    assert restored.to_json() == runner.to_json()
    assert snapshot(restored) == snapshot(runner)
    assert restored.can_undo == runner.can_undo
    # Undo works after restoring, step for step the same as the original.
    while runner.can_undo:
        assert restored.undo() is True
        runner.undo()
        assert snapshot(restored) == snapshot(runner)
    assert restored.undo() is False
    assert restored.line is not None and restored.line.text == "The very first beat."


def test_restore_after_undo_and_at_an_ending(tmp_path: Path) -> None:
    story = build(LESSONS, LESSONS_CHAPTER_1, LESSONS_CHAPTER_2)
    runner = Runner(story, {"ex": "Jo"})
    lines_until_choice(runner)
    pick(runner, "Interrupt Jo")
    runner.undo()
    pick(runner, "Wait for Jo")
    pick(runner, "Say sorry to Jo")
    pick(runner, "Listen properly this time")
    lines_until_choice(runner)
    restored, note = roundtrip(story, runner)
    assert note is None
    assert restored.phase is Phase.ENDED
    assert restored.ending == runner.ending
    assert restored.history == runner.history
    assert restored.state.answers == {"ex": "Jo"}


def test_restore_past_a_routed_scene_with_beats(tmp_path: Path) -> None:
    story = build(ROUTES, ROUTES_CHAPTER)
    runner = Runner(story)
    pick(runner, "talky")
    runner.advance()
    runner.advance()  # routed on to "low"
    assert (runner.scene.id, runner.state.beat) == ("low", 0)
    restored, note = roundtrip(story, runner)
    assert note is None
    assert snapshot(restored) == snapshot(runner)


def test_restore_when_the_story_changed_but_the_scene_remains(tmp_path: Path) -> None:
    story = build(LOOP, LOOP_CHAPTER)
    runner = Runner(story)
    lines_until_choice(runner)
    pick(runner, "Sulk")
    lines_until_choice(runner)
    pick(runner, "Cheer up (lap 2)")
    runner.advance()
    assert (runner.scene.id, runner.state.beat) == ("lap", 1)
    assert runner.line is not None and runner.line.text == "Your legs ache."
    saved = json.loads(json.dumps(runner.to_json()))
    # A new scene before the loop: the saved decisions no longer replay.
    detour = "    goto: detour\n  detour:\n    choices:\n      - {text: Detour, goto: lap}\n  lap:"
    changed_chapter = LOOP_CHAPTER.replace("    goto: lap\n  lap:", detour)
    assert changed_chapter != LOOP_CHAPTER
    changed = build(LOOP, changed_chapter)
    restored, note = Runner.restore(changed, saved)
    assert note is not None
    assert note == "lap"  # the scene it resumes at; the front ends word it
    assert restored.scene.id == "lap"
    assert restored.state.beat == 0
    assert restored.phase is Phase.BEAT
    assert restored.line is not None and restored.line.text == "Lap 3 begins."
    assert dict(restored.values) == {"laps": 3, "mood": -1}
    assert not restored.can_undo
    lines_until_choice(restored)
    assert option_texts(restored) == ["Cheer up (lap 3)", "Stop"]  # Sulk stays used up


def test_restore_into_a_story_with_a_new_meter_still_reports_the_ending(tmp_path: Path) -> None:
    runner = Runner(build(LOOP, LOOP_CHAPTER))
    lines_until_choice(runner)
    pick(runner, "Sulk")
    saved = json.loads(json.dumps(runner.to_json()))
    detour = "    goto: detour\n  detour:\n    choices:\n      - {text: Detour, goto: lap}\n  lap:"
    changed = build(
        LOOP + "  calm: {value: 2, min: 0, max: 4, meter: Calm}\n",
        LOOP_CHAPTER.replace("    goto: lap\n  lap:", detour),
    )
    restored, note = Runner.restore(changed, saved)
    assert note is not None and restored.scene.id == "lap"
    lines_until_choice(restored)
    pick(restored, "Stop")
    lines_until_choice(restored)
    report = restored.ending
    assert report is not None
    tracks = {t.id: t.values for t in report.meters}
    assert set(tracks) == {"mood", "calm"}
    assert tracks["mood"][-1] == restored.values["mood"] == -2
    assert tracks["calm"][-1] == restored.values["calm"] == 2


def test_restore_when_the_scene_is_gone(tmp_path: Path) -> None:
    story = build(SIMPLE, SIMPLE_CHAPTER)
    runner = Runner(story)
    lines_until_choice(runner)
    runner.choose(0)
    assert runner.scene.id == "left"
    saved = runner.to_json()
    without_left = """\
    chapter: First
    scenes:
      intro:
        choices:
          - {text: Go right, goto: right}
      right:
        ending: {title: Right, tone: hard}
    """
    changed = build(SIMPLE, without_left)
    with pytest.raises(StateError, match="scene 'left' no longer exists"):
        Runner.restore(changed, saved)


@pytest.mark.parametrize("data", [None, [], {"format": 1}, {"format": 99, "scene": "intro"}])
def test_restore_rejects_malformed_saves(tmp_path: Path, data: Any) -> None:
    story = build(SIMPLE, SIMPLE_CHAPTER)
    with pytest.raises(StateError):
        Runner.restore(story, data)


def test_a_save_from_before_choice_and_lesson_counts_restores_exactly(tmp_path: Path) -> None:
    """Saves written before the counts of choices and lesson marks were kept beside scene
    visits (they hold scene visits only) restore to the exact spot, not "story changed"."""
    story = build(LESSONS, LESSONS_CHAPTER_1, LESSONS_CHAPTER_2)
    runner = Runner(story, {"ex": "Jo"})
    lines_until_choice(runner)
    pick(runner, "Wait for Jo")
    pick(runner, "Shrug")  # into the ending's first line: an autosave at an ending is made here
    assert runner.phase is Phase.BEAT
    data = runner.to_json()
    assert any(k not in story.scenes for k in data["visits"])  # today's saves keep them
    data["visits"] = {k: v for k, v in data["visits"].items() if k in story.scenes}
    restored, changed_at = Runner.restore(story, data)
    assert changed_at is None
    assert (restored.state.scene, restored.state.beat) == (runner.state.scene, runner.state.beat)
    assert restored.history == runner.history
