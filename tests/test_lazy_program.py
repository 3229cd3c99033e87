"""Scenes compiled when first reached give the same play as a story compiled all at once."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_undo_properties import view

from game.engine.loader import load_story
from game.engine.model import Story
from game.engine.program import Program
from game.engine.runner import Phase, Runner
from game.resources import shipped_story


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(shipped_story(), cache=None)
    assert result.story is not None
    return result.story


def compiled_count(program: Program) -> int:
    """How many scenes have been compiled so far (the mapping itself lists every scene)."""
    return dict.__len__(program.scenes)


def test_a_new_game_compiles_only_the_scenes_it_reached(story: Story) -> None:
    program = Program(story)
    assert compiled_count(program) == 0
    runner = Runner(story, program=program)
    while runner.phase is Phase.BEAT:
        runner.advance()
    assert 0 < compiled_count(program) < len(story.scenes) / 4
    assert len(program.scenes) == len(story.scenes)
    assert set(program.scenes) == set(story.scenes)


def test_listing_the_scenes_compiles_every_one(story: Story) -> None:
    program = Program(story)
    items = dict(program.scenes.items())
    assert set(items) == set(story.scenes)
    assert all(items[sid].scene is story.scenes[sid] for sid in story.scenes)
    assert compiled_count(program) == len(story.scenes)
    assert "no_such_scene" not in program.scenes and program.scenes.get("no_such_scene") is None
    with pytest.raises(KeyError):
        program.scenes["no_such_scene"]


def test_threads_looking_scenes_up_at_once_all_get_the_same_compiled_scene(
    story: Story,
) -> None:
    program = Program(story)
    ids = list(story.scenes)

    def look_up(seed: int) -> dict[str, int]:
        order = ids[:]
        random.Random(seed).shuffle(order)
        return {sid: id(program.scenes[sid]) for sid in order}

    with ThreadPoolExecutor(8) as pool:
        seen = list(pool.map(look_up, range(8)))
    assert all(s == seen[0] for s in seen)


@settings(max_examples=20, deadline=None, database=None)
@given(picks=st.lists(st.integers(0, 5), max_size=120))
def test_play_with_scenes_compiled_on_the_way_matches_play_compiled_first(
    story: Story, picks: list[int]
) -> None:
    eager = Program(story)
    eager.scenes.items()  # the old way: every scene compiled before the first step
    lazy_runner = Runner(story, program=Program(story))
    eager_runner = Runner(story, program=eager)
    for pick in picks:
        assert view(lazy_runner) == view(eager_runner)
        if lazy_runner.phase is Phase.BEAT:
            lazy_runner.advance()
            eager_runner.advance()
        elif lazy_runner.phase is Phase.CHOICE and lazy_runner.options:
            lazy_runner.choose(pick % len(lazy_runner.options))
            eager_runner.choose(pick % len(eager_runner.options))
        else:
            break
    assert view(lazy_runner) == view(eager_runner)
