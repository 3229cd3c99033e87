"""The route-loop answer kept on disk: the same errors as deciding it, and bad files ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.authoring.check import route_loops
from game.engine.diagnostics import Code
from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from game.persistence.route_cache import route_loop_cache
from game.resources import shipped_story

STORY = "format: 1\nid: loops\ntitle: Loops\nstart: a\n"
LOOPING = "chapter: C\nscenes:\n  a:\n    goto: b\n  b:\n    goto: a\n"
PLAIN = "chapter: C\nscenes:\n  a:\n    text: Hi.\n    ending: {title: E, tone: hopeful}\n"


def _story(folder: Path, chapter: str) -> Story:
    folder.mkdir(exist_ok=True)
    (folder / "story.yaml").write_text(STORY, encoding="utf-8")
    (folder / "01_c.yaml").write_text(chapter, encoding="utf-8")
    return load_story_or_raise(folder)


@pytest.mark.parametrize("story", ["looping", "plain", "shipped"])
def test_the_kept_answer_is_the_checkers(tmp_path: Path, story: str) -> None:
    if story == "shipped":
        loaded = load_story_or_raise(shipped_story())
    else:
        loaded = _story(tmp_path / "s", LOOPING if story == "looping" else PLAIN)
    decided = route_loops(loaded)
    assert (story == "looping") == any(d.code is Code.ROUTE_LOOP for d in decided)
    route_loop_cache(tmp_path / "c").put(loaded, decided)
    kept = route_loop_cache(tmp_path / "c")  # a new process: read from the file
    assert kept.get(loaded) == decided and kept.notes == []


def test_a_changed_story_is_a_quiet_miss(tmp_path: Path) -> None:
    looping = _story(tmp_path / "s", LOOPING)
    route_loop_cache(tmp_path / "c").put(looping, route_loops(looping))
    fixed = _story(tmp_path / "s", PLAIN)  # the same folder, its loop fixed
    kept = route_loop_cache(tmp_path / "c")
    assert kept.get(fixed) is None and kept.notes == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: "[]",
        lambda text: text.replace("ROUTE_LOOP", "NO_SUCH_CODE"),
        lambda text: json.dumps({**json.loads(text), "engine": "another"}),
        lambda text: json.dumps({**json.loads(text), "value": [[["x"]]]}),
    ],
    ids=["truncated", "not a record", "unknown code", "another engine", "wrong types"],
)
def test_a_bad_file_is_ignored_with_a_note(tmp_path: Path, damage: object) -> None:
    looping = _story(tmp_path / "s", LOOPING)
    route_loop_cache(tmp_path / "c").put(looping, route_loops(looping))
    (path,) = (tmp_path / "c").glob("*.json")
    assert callable(damage)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    kept = route_loop_cache(tmp_path / "c")
    assert kept.get(looping) is None
    assert kept.notes and "ignored" in kept.notes[0], kept.notes
