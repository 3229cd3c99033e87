"""Properties tying the runner to the explorer: a player never gets where the explorer says no
play goes, and every witness path the explorer reports replays in the runner."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_explore import replay

from game.authoring.explore import Exploration, Origin, explore
from game.engine.loader import StoryCache, load_story
from game.engine.model import Story
from game.engine.runner import Phase, Runner
from game.resources import shipped_story

HEAD = """\
format: 1
id: gen
title: Generated
start: s0
variables:
  n: {value: 0, min: 0, max: 3}
  brave: {value: false, ask: Brave?}
"""
CONDITIONS = (None, "n >= 1", "n < 2", "brave", "not brave", 'visited("s1") > 0')
EFFECTS = (None, "{n: +1}", "{n: -1}", "{brave: true}")


@st.composite
def stories(draw: st.DrawFn) -> str:
    """A small chapter: scenes with conditional, once and effectful choices, routed scenes
    (routes only lead forward, so they cannot loop) and endings."""
    count = draw(st.integers(3, 7))
    endings = draw(st.integers(1, 2))
    lines = ["chapter: Gen", "scenes:"]
    for i in range(count):
        lines.append(f"  s{i}:")
        if draw(st.booleans()):
            lines.append(f"    text: Line {i}.")
        if i >= count - endings:
            lines.append(f"    ending: {{title: End {i}, tone: hopeful}}")
            continue
        if draw(st.integers(0, 3)) == 0:
            lines.append("    goto:")
            for target in draw(st.lists(st.integers(i + 1, count - 1), max_size=2)):
                cond = draw(st.sampled_from(CONDITIONS[1:]))
                lines.append(f"      - {{if: '{cond}', goto: s{target}}}")
            lines.append(f"      - goto: s{draw(st.integers(i + 1, count - 1))}")
            continue
        lines.append("    choices:")
        for c in range(draw(st.integers(1, 3))):
            lines.append(f"      - text: Choice {c}")
            lines.append(f"        goto: s{draw(st.integers(0, count - 1))}")
            cond = draw(st.sampled_from(CONDITIONS))
            if cond is not None:
                lines.append(f"        if: '{cond}'")
            effect = draw(st.sampled_from(EFFECTS))
            if effect is not None:
                lines.append(f"        set: {effect}")
            if draw(st.booleans()):
                lines.append("        once: true")
    return "\n".join(lines) + "\n"


def load(chapter: str, folder: Path) -> Story:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(HEAD, encoding="utf-8")
    (folder / "01_gen.yaml").write_text(chapter, encoding="utf-8")
    result = load_story(folder, cache=StoryCache())
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def play(runner: Runner, picks: list[int], result: Exploration) -> None:
    """Play `picks` (wrapped to the options there are), checking each place against `result`."""
    for pick in picks:
        while runner.phase is Phase.BEAT:
            assert runner.scene.id in result.scenes
            runner.advance()
        sid = runner.scene.id
        assert sid in result.scenes
        if runner.phase is Phase.ENDED:
            assert sid in result.endings
            return
        options = runner.options
        if not options:
            assert sid in {lock.scene for lock in result.softlocks}
            return
        option = options[pick % len(options)]
        assert (sid, option.index) in result.choices
        runner.choose(option.number - 1)


def check_witnesses(story: Story, result: Exploration) -> None:
    """Every ending's path ends there; every softlock's path reaches it with nothing to pick."""
    for sid, path in result.endings.items():
        origin = result.ending_origins.get(sid, Origin())
        runner = replay(story, path, origin.answers, origin.checkpoint)
        assert runner.phase is Phase.ENDED and runner.scene.id == sid
    for lock in result.softlocks:
        runner = replay(story, lock.path, lock.origin.answers, lock.origin.checkpoint)
        assert runner.phase is Phase.CHOICE and runner.scene.id == lock.scene
        assert runner.options == ()


BOUNDED = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@BOUNDED
@given(
    chapter=stories(),
    brave=st.booleans(),
    picks=st.lists(st.integers(0, 2), max_size=30),
)
def test_random_play_of_generated_stories_stays_where_the_explorer_goes(
    chapter: str, brave: bool, picks: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        story = load(chapter, Path(tmp))
    result = explore(story)
    assert result.complete
    play(Runner(story, {"brave": brave}), picks, result)


@BOUNDED
@given(chapter=stories())
def test_every_witness_path_of_a_generated_story_replays(chapter: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        story = load(chapter, Path(tmp))
    check_witnesses(story, explore(story))


@pytest.fixture(scope="module")
def shipped() -> tuple[Story, Exploration]:
    story = load_story(shipped_story(), cache=None).story
    assert story is not None
    # A small bound: the guided search then finds witnesses for the rest, which is what the
    # explorer prints for a story this size.
    return story, explore(story, max_states=5_000)


@settings(max_examples=15, deadline=None, database=None)
@given(picks=st.lists(st.integers(0, 5), max_size=80))
def test_random_play_of_the_shipped_story_stays_where_the_explorer_goes(
    shipped: tuple[Story, Exploration], picks: list[int]
) -> None:
    story, result = shipped
    play(Runner(story), picks, result)


def test_every_witness_path_of_the_shipped_story_replays(
    shipped: tuple[Story, Exploration],
) -> None:
    story, result = shipped
    assert result.endings == {
        sid: result.endings[sid] for sid, s in story.scenes.items() if s.ending is not None
    }
    check_witnesses(story, result)


@BOUNDED
@given(chapter=stories(), picks=st.lists(st.integers(0, 2), max_size=30))
def test_a_restored_play_undoes_step_by_step_like_the_original(
    chapter: str, picks: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        story = load(chapter, Path(tmp))
    runner = Runner(story)
    play(runner, picks, explore(story))
    restored, note = Runner.restore(story, runner.to_json())
    assert note is None
    while True:
        assert restored.state == runner.state
        assert restored.history == runner.history
        assert restored.phase is runner.phase and restored.options == runner.options
        undone = runner.undo()
        assert restored.undo() is undone
        if not undone:
            break
    assert runner.state == Runner(story).state
