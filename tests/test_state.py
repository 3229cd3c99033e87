"""State: JSON round trips, and malformed saved states rejected with StateError only."""

from __future__ import annotations

import contextlib
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.model import Story, Variable, VarType
from game.engine.program import taken_key
from game.engine.state import STATE_FORMAT, Decision, State, StateError, initial_values

names = st.text(min_size=1, max_size=12)
values = st.one_of(st.booleans(), st.integers(), st.text(max_size=20))
states = st.builds(
    State,
    scene=names,
    beat=st.integers(min_value=0, max_value=10_000),
    values=st.dictionaries(names, values, max_size=6),
    visits=st.dictionaries(names, st.integers(min_value=0, max_value=10**6), max_size=6),
    taken=st.frozensets(names, max_size=5),
    decisions=st.lists(
        st.builds(Decision, names, st.integers(min_value=0, max_value=50), st.integers(0, 999)),
        max_size=8,
    ).map(tuple),
    answers=st.dictionaries(names, values, max_size=3),
    meter_history=st.lists(
        st.lists(st.integers(-100, 100), min_size=2, max_size=2).map(tuple), max_size=6
    ).map(tuple),
)


@settings(max_examples=300)
@given(states)
def test_round_trip_through_json_text(state: State) -> None:
    data = json.loads(json.dumps(state.to_json()))
    back = State.from_json(data)
    assert back == state
    # Types survive: a flag stays a flag, a number stays a number.
    for key, value in state.values.items():
        assert type(back.values[key]) is type(value)
    assert back.to_json() == data


def test_to_json_shape() -> None:
    state = State(
        scene="call",
        beat=2,
        values={"trust": 3, "called": True, "name": "Sam"},
        visits={"call": 1},
        taken=frozenset({"b#1", "a#0"}),
        decisions=(Decision("a", 0, 4),),
        answers={"name": "Sam"},
        meter_history=((1,), (3,)),
    )
    data = state.to_json()
    assert data["format"] == STATE_FORMAT
    assert data["taken"] == ["a#0", "b#1"]
    assert data["decisions"] == [["a", 0, 4]]
    assert data["meter_history"] == [[1], [3]]
    assert json.loads(json.dumps(data)) == data


def good() -> dict[str, Any]:
    return State(
        scene="s",
        beat=1,
        values={"trust": 2, "flag": False, "name": "Sam"},
        visits={"s": 1},
        taken=frozenset({"s#0"}),
        decisions=(Decision("s", 0, 1),),
        answers={"name": "Sam"},
        meter_history=((2,), (3,)),
    ).to_json()


KEYS = ["scene", "beat", "values", "visits", "taken", "decisions", "answers", "meter_history"]


@pytest.mark.parametrize("key", KEYS)
def test_a_missing_key_is_a_state_error(key: str) -> None:
    data = good()
    del data[key]
    with pytest.raises(StateError, match="incomplete"):
        State.from_json(data)


@pytest.mark.parametrize(
    "data",
    [None, 3, "state", [], [["format", 1]], {}, {"format": 2}, {"format": "1"}, {"format": None}],
)
def test_not_a_state_at_all(data: Any) -> None:
    with pytest.raises(StateError):
        State.from_json(data)


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("beat", None),
        ("beat", "two"),
        ("beat", [1]),
        ("beat", math.inf),
        ("beat", -math.inf),
        ("beat", math.nan),
        ("values", None),
        ("values", 5),
        ("values", [1, 2]),
        ("values", {"trust": 1.5}),
        ("values", {"trust": None}),
        ("values", {"trust": [1]}),
        ("values", {"trust": {"a": 1}}),
        ("answers", {"name": None}),
        ("answers", 7),
        ("visits", {"s": "often"}),
        ("visits", {"s": None}),
        ("visits", {"s": math.inf}),
        ("visits", [3]),
        ("taken", 5),
        ("taken", None),
        ("decisions", [["s", 0]]),
        ("decisions", [["s", 0, 1, 2]]),
        ("decisions", [["s", "first", 1]]),
        ("decisions", [5]),
        ("decisions", 5),
        ("decisions", [["s", math.inf, 0]]),
        ("meter_history", [[1, "x"]]),
        ("meter_history", [5]),
        ("meter_history", [[None]]),
        ("meter_history", [[math.inf]]),
    ],
)
def test_malformed_fields_are_state_errors(key: str, bad: Any) -> None:
    data = good()
    data[key] = bad
    with pytest.raises(StateError):
        State.from_json(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=300)
@given(st.sampled_from(KEYS), json_values)
def test_any_value_in_any_field_loads_or_raises_state_error(key: str, bad: Any) -> None:
    data = good()
    data[key] = bad
    try:
        state = State.from_json(data)
    except StateError:
        return
    # What was accepted is a real state: it survives its own round trip unchanged.
    assert State.from_json(state.to_json()) == state


@settings(max_examples=200)
@given(json_values)
def test_any_json_at_all_loads_or_raises_state_error(data: Any) -> None:
    with contextlib.suppress(StateError):
        State.from_json(data)


# --- initial values ---------------------------------------------------------------------------


def story_with(*variables: Variable) -> Story:
    return Story(
        id="t",
        title="T",
        version="1",
        start="s",
        characters={},
        variables={v.id: v for v in variables},
        lessons={},
        scenes={},
        chapters=(),
        root=Path("."),
    )


def test_initial_values_use_answers_that_fit() -> None:
    story = story_with(
        Variable("trust", VarType.NUMBER, 2, 0, 5),
        Variable("name", VarType.TEXT, "Sam"),
        Variable("p", VarType.TEXT, "they", one_of=("he", "she", "they")),
        Variable("flag", VarType.BOOL, False),
    )
    assert initial_values(story, {}) == {"trust": 2, "name": "Sam", "p": "they", "flag": False}
    got = initial_values(story, {"trust": 4, "name": "Kim", "p": "she", "flag": True})
    assert got == {"trust": 4, "name": "Kim", "p": "she", "flag": True}
    # Wrong types, values outside one_of and blank text fall back; numbers are clamped.
    got = initial_values(story, {"trust": True, "name": "  ", "p": "xe", "flag": 1})
    assert got == {"trust": 2, "name": "Sam", "p": "they", "flag": False}
    assert initial_values(story, {"trust": 99})["trust"] == 5
    assert initial_values(story, {"trust": -3})["trust"] == 0
    assert "extra" not in initial_values(story, {"extra": 1})


def test_taken_key() -> None:
    assert taken_key("hub", 2) == "hub#2"
    assert taken_key("hub", 2) != taken_key("hub", 3)
