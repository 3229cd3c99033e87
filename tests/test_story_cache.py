"""The compiled-story and proof caches: exact round trips, and bad files ignored, not trusted."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.authoring.check import Proof, check_story
from game.engine.loader import LoadResult, load_story
from game.engine.model import Story
from game.engine.runner import Phase, Runner
from game.persistence.model_codec import Codec, CodecError
from game.persistence.story_cache import disk_cache, proof_cache
from game.resources import shipped_story

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.load import generate


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A copy of the shipped story to change and cache."""
    return Path(shutil.copytree(shipped_story(), tmp_path / "story"))


def test_every_model_type_has_a_json_form() -> None:
    # Building the codecs walks every field type of the model and of a proof; a field whose
    # type has no JSON form raises here, naming the type.
    Codec(LoadResult)
    Codec(Proof)


@pytest.mark.parametrize("scenes", [12, 300])
def test_generated_stories_round_trip_exactly(tmp_path: Path, scenes: int) -> None:
    folder = generate(tmp_path / "gen", scenes)
    fresh = load_story(folder, cache=None)
    codec = Codec(LoadResult)
    again = codec.decode(json.loads(json.dumps(codec.encode(fresh))))
    assert again == fresh
    assert again.story.scenes == fresh.story.scenes
    # Spans are left out of equality, so compare them on their own.
    assert [s.span for s in again.story.scenes.values()] == [
        s.span for s in fresh.story.scenes.values()
    ]


def test_the_shipped_story_loads_the_same_from_the_disk_cache(story: Path, tmp_path: Path) -> None:
    fresh = load_story(story, cache=None)
    load_story(story, cache=disk_cache(tmp_path / "c"))
    cached = disk_cache(tmp_path / "c")  # a new process: nothing in memory
    again = load_story(story, cache=cached)
    assert cached.notes == []
    assert again == fresh and again.story is not None and fresh.story is not None
    assert again.story.scenes == fresh.story.scenes
    assert again.story.root == fresh.story.root


def test_a_changed_file_is_loaded_again(story: Path, tmp_path: Path) -> None:
    load_story(story, cache=disk_cache(tmp_path / "c"))
    chapter = next(p for p in sorted(story.glob("*.yaml")) if p.name != "story.yaml")
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("text:", "text:", 1) + "\n# changed\n", encoding="utf-8")
    again = load_story(story, cache=disk_cache(tmp_path / "c"))
    assert again == load_story(story, cache=None)


def _cache_file(folder: Path) -> Path:
    (found,) = folder.glob("story-*.json")
    return found


def _scene_texts(data: dict[str, Any]) -> dict[str, str]:
    """The cached story's scenes, each kept as its own JSON text (read when looked up)."""
    names = [f.name for f in dataclasses.fields(Story) if f.name != "derived"]
    texts: dict[str, str] = data["value"][0][names.index("scenes")]
    return texts


def _damage_scene(data: dict[str, Any], damage: Callable[[str], str], avoid: str = "") -> str:
    """Damage the first scene (but `avoid`) whose text `damage` changes; its id."""
    texts = _scene_texts(data)
    for sid, text in texts.items():
        if sid != avoid and damage(text) != text:
            texts[sid] = damage(text)
            return sid
    raise AssertionError("no scene to damage")


def _damage(story: Path, tmp_path: Path, change: str) -> tuple[LoadResult, list[str]]:
    load_story(story, cache=disk_cache(tmp_path / "c"))
    path = _cache_file(tmp_path / "c")
    raw = path.read_bytes()
    data = json.loads(raw)
    if change == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif change == "wrong version":
        data["format"] = 999
        path.write_text(json.dumps(data))
    elif change == "wrong engine":
        data["engine"] = "0" * 32
        path.write_text(json.dumps(data))
    elif change == "wrong hash":
        data["key"][0][1] = "f" * 32
        path.write_text(json.dumps(data))
    elif change == "deeply nested":
        deep = "[" * 50_000 + "]" * 50_000
        path.write_text(json.dumps({**data, "value": None}).replace('"value": null', deep))
    elif change == "huge numbers":
        text = json.dumps(data).replace(", 1,", ", 1e999,", 1)
        path.write_text(text.replace(", 2,", ", " + "9" * 5000 + ",", 1))
    elif change == "wrong types":
        data["value"][0][0] = 42  # the story id must be text
        path.write_text(json.dumps(data))
    elif change == "a lookalike expression":
        _damage_scene(data, lambda t: t.replace('["Num",', '["Exec",', 1))
        path.write_text(json.dumps(data))
    elif change == "a scene cut short":
        _damage_scene(data, lambda t: t[: len(t) // 2])
        path.write_text(json.dumps(data))
    elif change == "a scene of the wrong type":
        _damage_scene(data, lambda t: json.dumps({"id": json.loads(t)[0]}))
        path.write_text(json.dumps(data))
    elif change == "a scene that is not text":
        _scene_texts(data)[data["value"][0][3]] = [1, 2]  # the start scene
        path.write_text(json.dumps(data))
    notes = disk_cache(tmp_path / "c")
    return load_story(story, cache=notes), notes.notes


@pytest.mark.parametrize(
    "change",
    [
        "truncated",
        "wrong version",
        "wrong engine",
        "deeply nested",
        "huge numbers",
        "wrong types",
        "a lookalike expression",
        "a scene cut short",
        "a scene of the wrong type",
        "a scene that is not text",
    ],
)
def test_a_bad_cache_file_is_ignored_with_a_note(story: Path, tmp_path: Path, change: str) -> None:
    result, notes = _damage(story, tmp_path, change)
    assert result == load_story(story, cache=None)
    assert notes and "ignored" in notes[0], notes
    # ...and rebuilt: the next process reads it without a note.
    again = disk_cache(tmp_path / "c")
    assert load_story(story, cache=again) == result and again.notes == []


def test_a_cache_for_other_files_is_a_quiet_miss(story: Path, tmp_path: Path) -> None:
    result, notes = _damage(story, tmp_path, "wrong hash")
    assert result == load_story(story, cache=None) and notes == []


def test_the_codec_refuses_data_that_does_not_fit() -> None:
    codec = Codec(LoadResult)
    for bad in (None, [], [None], {"story": None}, [[1, 2], []], ["x"] * 2, [None, [5]]):
        with pytest.raises(CodecError):
            codec.decode(bad)


def test_check_keeps_its_proof_and_uses_it_while_the_story_is_unchanged(
    story: Path, tmp_path: Path
) -> None:
    first = check_story(story, proofs=proof_cache(tmp_path / "p"))
    proofs = proof_cache(tmp_path / "p")
    kept = proofs.get(first.story, 200_000)  # type: ignore[arg-type]
    assert kept is not None and kept.exploration == first.exploration
    again = check_story(story, proofs=proofs)
    assert again.diagnostics == first.diagnostics and again.exploration == first.exploration
    assert proofs.get(first.story, 1000) is None  # type: ignore[arg-type]  # another bound


def test_a_damaged_scene_is_only_found_when_looked_up_and_then_loaded_from_the_files(
    story: Path, tmp_path: Path
) -> None:
    load_story(story, cache=disk_cache(tmp_path / "c"))
    path = _cache_file(tmp_path / "c")
    data = json.loads(path.read_bytes())
    start = data["value"][0][3]
    damaged = _damage_scene(data, lambda t: t.replace('["Num",', '["Exec",', 1), avoid=start)
    path.write_text(json.dumps(data))
    cache = disk_cache(tmp_path / "c")
    cached = load_story(story, cache=cache).story
    fresh = load_story(story, cache=None).story
    assert cached is not None and fresh is not None
    assert cached.scenes[start] == fresh.scenes[start] and cache.notes == []
    # Looked up (as a game or the checker would), it is the scene the files give, with a note.
    assert cached.scenes[damaged] == fresh.scenes[damaged]
    assert len(cache.notes) == 1 and repr(damaged) in cache.notes[0], cache.notes
    assert cached.scenes == fresh.scenes and len(cache.notes) == 1
    # A game on the repaired story plays as on the fresh one.
    for one in (cached, fresh):
        runner = Runner(one)
        for i in range(200):
            if runner.phase is Phase.ENDED:
                break
            runner.advance() if runner.phase is Phase.BEAT else runner.choose(
                i % 2 % len(runner.options)
            )
    assert Runner(cached).state == Runner(fresh).state
    again = disk_cache(tmp_path / "c")
    reread = load_story(story, cache=again).story
    assert reread is not None and reread.scenes == fresh.scenes and again.notes == []
