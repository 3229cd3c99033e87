"""Loaded stories and their proofs, kept as JSON in the user cache folder.

A cache file is only a shortcut: it is used when its format, the engine that wrote it and the
hashes of the story's files all match, and every value in it fits the model's types (see
`model_codec`). Anything else (a stale, damaged or hostile file) is ignored with a note, and
the story is loaded or proved again and the file rewritten. Never pickle: a cache file is data.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import orjson

from game.engine.gcpause import paused_gc
from game.engine.loader import CacheKey, LoadResult, StoryCache, load_story
from game.engine.model import Scene, Story

from .atomic import atomic_write_bytes
from .errors import SaveError
from .model_codec import Codec, CodecError, LazyMapping
from .paths import cache_dir

if TYPE_CHECKING:  # the checker is imported by `check`, not by the window that plays
    from game.authoring.check import Proof

# 2: scenes kept as their own JSON texts, decoded when first looked up.
FORMAT = 2
# The code whose output a cache file holds: a change to any of it makes old files stale.
_SOURCES = ("engine", "authoring")
log = logging.getLogger(__name__)
T = TypeVar("T")


@cache
def engine_version() -> str:
    """A hash of the engine's and checker's source and of this cache's format."""
    digest = hashlib.blake2b(f"format {FORMAT}".encode(), digest_size=16)
    game = Path(__file__).resolve().parent.parent
    for part in _SOURCES:
        for path in sorted((game / part).rglob("*.py")):
            digest.update(path.relative_to(game).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update((Path(__file__).parent / "model_codec.py").read_bytes())
    return digest.hexdigest()


class JsonCache(Generic[T]):
    """One JSON file per key under `folder`, holding a value of the codec's root type."""

    def __init__(self, folder: Path, codec: Codec, notes: list[str]) -> None:
        self.folder = folder
        self.codec = codec
        self.notes = notes

    def read(self, name: str, key: object) -> T | None:
        """The value kept under `name` for `key`, or None (with a note when a file was bad)."""
        path = self.folder / f"{name}.json"
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self.ignore(path, f"cannot be read ({exc.strerror or exc})")
        try:
            data = orjson.loads(raw)
        except (orjson.JSONDecodeError, RecursionError):
            return self.ignore(path, "is not valid JSON")
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return self.ignore(path, "has another format")
        if data.get("engine") != engine_version():
            return self.ignore(path, "was written by another version of the engine")
        if data.get("key") != _plain(key):
            return None  # the story changed since: an ordinary miss, not worth a note
        try:
            value: T = self.codec.decode(data.get("value"))
        except (CodecError, TypeError, ValueError, RecursionError) as err:
            return self.ignore(path, f"does not fit the model ({err})")
        return value

    def write(self, name: str, key: object, value: T) -> None:
        """Keep `value` under `name` for `key`; a cache that cannot be written is only noted."""
        path = self.folder / f"{name}.json"
        record = {
            "format": FORMAT,
            "engine": engine_version(),
            "key": _plain(key),
            "value": self.codec.encode(value),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, orjson.dumps(record))
        except (OSError, SaveError, TypeError) as err:
            self.note(f"cache file {path} was not written: {err}")

    def ignore(self, path: Path, why: str) -> T | None:
        """Note that the file at `path` is not used, and why; None, for `read` to return."""
        self.note(f"cache file {path} {why}; it is ignored and rebuilt")
        return None

    def note(self, message: str) -> None:
        """Keep a note for the caller to show, and log it."""
        self.notes.append(message)
        log.info(message)


def _plain(key: object) -> Any:
    """`key` as JSON gives it back (tuples become lists), for comparing with a file's."""
    return orjson.loads(orjson.dumps(key))


def _name(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


@dataclass
class DiskStoryCache:
    """Loaded stories in memory for this process and on disk for the next (a `StoryStore`)."""

    folder: Path
    notes: list[str]

    def __post_init__(self) -> None:
        self.memory = StoryCache()
        codec = _codec(LoadResult, frozenset({Scene}))
        self.files: JsonCache[LoadResult] = JsonCache(self.folder, codec, self.notes)

    def get(self, folder: Path, key: CacheKey) -> LoadResult | None:
        """The result for `folder` if its files are unchanged: from memory, else from disk.

        Scenes from disk are checked when first looked up; one that does not fit the model
        has the story loaded again from its files (see `_repair`).
        """
        hit = self.memory.get(folder, key)
        if hit is None:
            with paused_gc():  # many objects, no cycles: see `paused_gc`
                hit = self.files.read(_story_name(folder), key)
            if hit is not None and hit.story is not None and hit.story.root != folder:
                hit = None  # written for the same path spelled another way
            if hit is not None:
                if hit.story is not None and isinstance(hit.story.scenes, LazyMapping):
                    hit.story.scenes.repair = lambda sid, err: self._repair(folder, sid, err)
                self.memory.put(folder, key, hit)
        return hit

    def _repair(self, folder: Path, sid: str, err: Exception) -> Mapping[str, Scene]:
        """The scenes as the files give them, for a cache file found damaged at scene `sid`;
        the file is written again from them."""
        path = self.files.folder / f"{_story_name(folder)}.json"
        self.files.ignore(path, f"does not fit the model at scene {sid!r} ({err})")
        fresh = load_story(folder, cache=_Rebuild(self)).story
        return fresh.scenes if fresh is not None else {}

    def put(self, folder: Path, key: CacheKey, result: LoadResult) -> None:
        """Keep `result` in memory and, when it holds a story, on disk."""
        self.memory.put(folder, key, result)
        if result.story is not None:
            self.files.write(_story_name(folder), key, result)


@dataclass
class _Rebuild:
    """A store that never has the story, so it is parsed again, and keeps what is built."""

    cache: DiskStoryCache

    def get(self, folder: Path, key: CacheKey) -> LoadResult | None:
        """Nothing: the kept result is the one being replaced."""
        return None

    def put(self, folder: Path, key: CacheKey, result: LoadResult) -> None:
        """Keep the rebuilt result in memory and on disk."""
        self.cache.put(folder, key, result)


def _story_name(folder: Path) -> str:
    return "story-" + _name(str(folder.resolve()), str(folder))


@cache
def _codec(root: type, lazy: frozenset[type] = frozenset()) -> Codec:
    return Codec(root, lazy)


def disk_cache(folder: Path | None = None) -> DiskStoryCache:
    """A story cache in `folder` (default: the user cache folder's `stories`)."""
    return DiskStoryCache(folder or cache_dir() / "stories", [])


class PerStory(Generic[T]):
    """One JSON file per story folder, valid for one version of its files (and any `extra`
    the value depends on, such as a proof's bound)."""

    def __init__(self, folder: Path, root: type, prefix: str, notes: list[str]) -> None:
        self.files: JsonCache[T] = JsonCache(folder, _codec(root), notes)
        self.prefix = prefix

    def read(self, story: Story, *extra: object) -> T | None:
        """The value kept for this story's files, or None."""
        return self.files.read(self._name(story), [story.content_hash, str(story.root), *extra])

    def write(self, story: Story, value: T, *extra: object) -> None:
        """Keep `value` for this story's files."""
        key = [story.content_hash, str(story.root), *extra]
        self.files.write(self._name(story), key, value)

    def ignore(self, story: Story, why: str) -> None:
        """Note that this story's file is not used, and why."""
        self.files.ignore(self.files.folder / f"{self._name(story)}.json", why)

    def _name(self, story: Story) -> str:
        return self.prefix + _name(str(story.root.resolve()), str(story.root))


@dataclass
class DiskProofCache:
    """Proofs of stories on disk, by content hash and bound (a `ProofStore` for `check`)."""

    folder: Path
    notes: list[str]

    def __post_init__(self) -> None:
        from game.authoring.check import Proof

        self.files: PerStory[Proof] = PerStory(self.folder, Proof, "proof-", self.notes)

    def get(self, story: Story, max_states: int) -> Proof | None:
        """The proof kept for this story's files and bound, if any."""
        return self.files.read(story, max_states)

    def put(self, story: Story, max_states: int, proof: Proof) -> None:
        """Keep a proof of this story's files and bound."""
        self.files.write(story, proof, max_states)


def proof_cache(folder: Path | None = None) -> DiskProofCache:
    """A proof cache in `folder` (default: the user cache folder's `proofs`)."""
    return DiskProofCache(folder or cache_dir() / "proofs", [])
