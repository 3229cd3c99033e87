"""The loader shares identical texts and expressions; a story loads exactly as if it did not.

The oracle is the same loader with its sharing caches replaced by ones that never keep
anything, so every text and expression is parsed afresh at each place it is written.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine.chapters import Pending
from game.engine.declarations import Declarations
from game.engine.loader import LoadResult, load_texts

STORY = """\
format: 1
id: sharing
title: Sharing
start: s0
pronouns: pron
characters:
  maya: {name: Maya}
variables:
  player: {value: Sam}
  pron: {value: they, one_of: [he, she, they]}
  patience: {value: 0, min: 0, max: 3, meter: Patience}
lessons:
  wait: {title: Wait, text: Let it come.}
"""
# Texts and conditions repeat across scenes, the way a large story's do; some are wrong, so
# their diagnostics must come out at every place they are written.
TEXTS = [
    "Say what you mean to {them}.",
    "What now, {player}? {They} {are} waiting.",
    "Plain words, nothing to fill in.",
    "{player} {are} late.",
    "Hello {nobody}.",
    "A lone } brace.",
    "{sit|sits} down.",
]
CONDITIONS = ["patience >= 2", 'visited("s0") > 0', "player >= 1", "patience >=", "nobody > 1"]
EFFECTS = ["+1", "-1", "5", "patience + 1", "true"]


Scene = tuple[int, int, int, int, bool]  # indexes into the pools, and a lesson mark or not


class _Forgetful(dict[Any, Any]):
    """A cache that keeps nothing."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def _scene(sid: int, n: int, parts: Scene) -> str:
    text, other, cond, effect, lesson = parts
    lines = [
        f"  s{sid}:",
        "    text:",
        f'      - "{TEXTS[text]}"',
        f'      - maya: "{TEXTS[other]}"',
        f"      - if: {CONDITIONS[cond]}",
        f'        text: "{TEXTS[text]}"',
        "    choices:",
        f'      - text: "{TEXTS[other]}"',
        f"        goto: s{(sid + 1) % n}",
        f"        if: {CONDITIONS[cond]}",
        f"        set: {{patience: {EFFECTS[effect]}}}",
        f'      - text: "{TEXTS[text]}"',
        f"        goto: s{(sid + 2) % n}",
        f"        set: {{patience: {EFFECTS[effect]}}}",
    ]
    if lesson:
        lines.append("        lesson: {id: wait, kept: true, note: You waited.}")
    return "\n".join(lines)


def _chapter(scenes: list[Scene]) -> str:
    body = "\n".join(_scene(i, len(scenes), parts) for i, parts in enumerate(scenes))
    return f"chapter: One\nscenes:\n{body}\n"


def _fresh(files: dict[str, str]) -> LoadResult:
    """The load with nothing shared between places."""
    with pytest.MonkeyPatch.context() as patch:
        decl_init, pending_init = Declarations.__init__, Pending.__init__

        def decl(self: Declarations, *args: Any, **kwargs: Any) -> None:
            decl_init(self, *args, **kwargs)
            self.templates = _Forgetful()

        def pending(self: Pending, *args: Any, **kwargs: Any) -> None:
            pending_init(self, *args, **kwargs)
            self.parsed = _Forgetful()

        patch.setattr(Declarations, "__init__", decl)
        patch.setattr(Pending, "__init__", pending)
        return load_texts(files)


# The first VALID of each pool load cleanly.
VALID_TEXTS, VALID_CONDITIONS, VALID_EFFECTS = 3, 2, 4


def _scenes(texts: int, conditions: int, effects: int) -> st.SearchStrategy[list[Scene]]:
    scene = st.tuples(
        st.integers(0, texts - 1),
        st.integers(0, texts - 1),
        st.integers(0, conditions - 1),
        st.integers(0, effects - 1),
        st.booleans(),
    )
    return st.lists(scene, min_size=1, max_size=12)


@given(scenes=_scenes(VALID_TEXTS, VALID_CONDITIONS, VALID_EFFECTS))
def test_a_shared_story_equals_a_fresh_one(scenes: list[Scene]) -> None:
    shared = _same_as_fresh({"story.yaml": STORY, "one.yaml": _chapter(scenes)})
    assert shared.ok


@given(scenes=_scenes(len(TEXTS), len(CONDITIONS), len(EFFECTS)))
def test_shared_diagnostics_equal_fresh_ones(scenes: list[Scene]) -> None:
    _same_as_fresh({"story.yaml": STORY, "one.yaml": _chapter(scenes)})


def _same_as_fresh(files: dict[str, str]) -> LoadResult:
    shared, fresh = load_texts(files), _fresh(files)
    assert shared.diagnostics == fresh.diagnostics
    assert [d.source_line for d in shared.diagnostics] == [d.source_line for d in fresh.diagnostics]
    assert shared == fresh
    # Spans are left out of the model's equality; the repr shows every one of them.
    assert repr(shared.story) == repr(fresh.story)
    return shared


def test_identical_texts_and_expressions_are_one_object() -> None:
    files = {"story.yaml": STORY, "one.yaml": _chapter([(0, 2, 0, 0, True), (0, 2, 0, 0, True)])}
    story, oracle = load_texts(files).story, _fresh(files).story
    assert story is not None and oracle is not None
    # The oracle really parses afresh at each place.
    assert oracle.scenes["s0"].beats[0].text is not oracle.scenes["s1"].beats[0].text
    first, second = story.scenes["s0"], story.scenes["s1"]
    assert first.beats[0].text is second.beats[0].text
    assert first.choices[1].text is first.beats[0].text
    assert first.choices[0].condition is second.choices[0].condition
    assert first.choices[1].marks[0].note is second.choices[1].marks[0].note
