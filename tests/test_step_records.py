"""What a step keeps: meter rows read in one go, and records the cyclic GC stops tracking."""

from __future__ import annotations

import gc

from hypothesis import given
from hypothesis import strategies as st

from game.engine.loader import load_story
from game.engine.program import meter_reader
from game.engine.runner import Phase, Runner
from game.resources import shipped_story

NAMES = ("a", "b", "c", "d")


@given(
    ids=st.lists(st.sampled_from(NAMES), max_size=4, unique=True),
    numbers=st.lists(st.integers(-1000, 1000), min_size=len(NAMES), max_size=len(NAMES)),
)
def test_a_meter_row_is_the_meters_values_in_order(ids: list[str], numbers: list[int]) -> None:
    values = dict(zip(NAMES, numbers, strict=True))
    row = meter_reader(tuple(ids))(values)
    assert type(row) is tuple
    assert row == tuple(values[i] for i in ids)


def test_a_long_game_leaves_no_record_for_the_gc_to_walk() -> None:
    # History rows, undo entries and decisions are kept for the whole game; a full collection
    # must not walk them again and again, so each one must end up untracked.
    story = load_story(shipped_story(), cache=None).story
    assert story is not None
    runner = Runner(story)
    made = 0
    for _ in range(400):
        if runner.phase is Phase.BEAT:
            runner.advance()
        elif runner.phase is Phase.CHOICE:
            runner.choose(made % len(runner.options))
            made += 1
        else:
            break
    # A collection may meet an undo entry before the values tuple inside it (it moves objects
    # it reaches late to the end of its list), so an entry can take one more to be untracked.
    gc.collect()
    gc.collect()
    play = runner._play
    kept = [*runner._history.rows, *play._undo, *play.decisions.rows]
    assert made > 5 and len(runner._history.rows) > 50
    assert [r for r in kept if gc.is_tracked(r)] == []
    # The history still reads as shown: every row renders, named after its scene.
    assert [e.scene for e in runner.history] == [r[1] for r in runner._history.rows]
