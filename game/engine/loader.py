"""Story folder -> model. Keeps source positions and reports every problem at once."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .diagnostics import Code, Diagnostic
from .gcpause import paused_gc
from .model import (
    Scene,
    Span,
    Story,
)
from .storyfiles import MAX_BYTES, STORY_FILE

if TYPE_CHECKING:
    from .yamlread import Node, YamlDocument

# The YAML reader and the format's readers are imported by `_load`, when files are parsed:
# an unchanged story comes from a cache, and starting the game need not import them.


@dataclass(frozen=True)
class LoadResult:
    """A loaded story (None when errors prevent building one) and every diagnostic found."""

    story: Story | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """True when there is a story and no errors."""
        return self.story is not None and not any(d.is_error for d in self.diagnostics)


class StoryError(Exception):
    """Raised by `load_story_or_raise` when a story has errors; carries the diagnostics."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__(f"{sum(d.is_error for d in diagnostics)} error(s) in the story")
        self.diagnostics = diagnostics


# ---------------------------------------------------------------------------------------------
# The folder


def story_files(folder: Path) -> list[Path]:
    """story.yaml first, then every other *.yaml in file-name order."""
    others = sorted(p for p in folder.glob("*.yaml") if p.name != STORY_FILE)
    return [folder / STORY_FILE, *others]


# Each file as (the name diagnostics show, a hash of its bytes), story.yaml first.
CacheKey = tuple[tuple[str, str], ...]


@dataclass
class StoryCache:
    """Keeps the last result per folder; an unchanged folder loads without parsing again.

    Only results are kept, never composed YAML: a large story's node tree is hundreds of
    megabytes, while re-reading the files to compare their hashes costs milliseconds.
    """

    entries: dict[Path, tuple[CacheKey, LoadResult]] = field(default_factory=dict)

    def get(self, folder: Path, key: CacheKey) -> LoadResult | None:
        """The result kept for `folder` when its files are still the ones in `key`."""
        hit = self.entries.get(folder.resolve())
        return hit[1] if hit is not None and hit[0] == key else None

    def put(self, folder: Path, key: CacheKey, result: LoadResult) -> None:
        """Keep `result` for `folder` as loaded from the files in `key`."""
        self.entries[folder.resolve()] = (key, result)


class StoryStore(Protocol):
    """Where loaded stories are kept between loads: `StoryCache`, or one on disk."""

    def get(self, folder: Path, key: CacheKey) -> LoadResult | None:
        """The result kept for `folder` when its files are still the ones in `key`."""

    def put(self, folder: Path, key: CacheKey, result: LoadResult) -> None:
        """Keep `result` for `folder` as loaded from the files in `key`."""


_DEFAULT_CACHE = StoryCache()


def load_story(
    folder: Path | str, *, cache: StoryStore | None = _DEFAULT_CACHE, draft: bool = False
) -> LoadResult:
    """Load a story folder into a `Story`, with every diagnostic the loader found.

    `draft` builds a story from whatever could be read even when there are errors (for the map
    only: it is never played, and never cached)."""
    folder = Path(folder)
    if not folder.is_dir():
        return _folder_error(folder, f"'{folder}' is not a story folder")
    if not (folder / STORY_FILE).is_file():
        return _folder_error(folder / STORY_FILE, f"no {STORY_FILE} in '{folder}'")
    raws: list[tuple[Path, str, bytes, str]] = []
    for path in story_files(folder):
        try:
            raw = read_story_file(folder, path)
        except NotAPlainFile as exc:
            diag = Diagnostic(Code.NOT_A_FILE, str(exc), Span(_display(path), 0, 0, 0))
            return LoadResult(None, (diag,))
        except OSError as exc:
            return _folder_error(path, f"cannot read the file: {exc.strerror or exc}")
        raws.append((path, _display(path), raw, hashlib.blake2b(raw, digest_size=16).hexdigest()))
    key = tuple((display, digest) for _, display, _, digest in raws)
    if draft:
        cache = None
    if cache is not None:
        hit = cache.get(folder, key)
        if hit is not None:
            return hit
    with paused_gc():
        result = _load(folder, raws, draft=draft)
    if cache is not None:
        cache.put(folder, key, result)
    return result


class NotAPlainFile(Exception):
    """A story file that is a link out of the folder, a pipe or a device: never read."""


# Opening a FIFO for reading blocks until a writer comes; non-blocking mode returns at once,
# and the type check on the open file then refuses it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_story_file(folder: Path, path: Path) -> bytes:
    """A story file's bytes, at most one past the size limit (the reader reports the excess).

    Only regular files whose real place is inside the story folder are read: a link to
    /etc/passwd would be quoted in diagnostics, and /dev/zero or a pipe would never end.
    """
    real = Path(os.path.realpath(path))
    if real.parent != Path(os.path.realpath(folder)):
        raise NotAPlainFile(
            f"'{path.name}' links to a file outside the story folder; copy the file in instead"
        )
    fd = os.open(real, _OPEN_FLAGS)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAPlainFile(
                f"'{path.name}' is not a plain file; story files must be text files"
            )
        return handle.read(MAX_BYTES + 1)


def load_texts(files: Mapping[str, str], *, root: Path | None = None) -> LoadResult:
    """Load a story from file texts by name (`story.yaml` plus chapter files), without a disk.

    Files are read in the same order as a folder's, so diagnostics match; `root` is where the
    story's own assets would be looked for.
    """
    folder = root if root is not None else Path("<memory>")
    if STORY_FILE not in files:
        return _folder_error(folder / STORY_FILE, f"no {STORY_FILE} among the texts")
    names = [STORY_FILE, *sorted(n for n in files if n != STORY_FILE)]
    raws = []
    for name in names:
        raw = files[name].encode("utf-8")
        raws.append((folder / name, name, raw, hashlib.blake2b(raw, digest_size=16).hexdigest()))
    with paused_gc():
        return _load(folder, raws, draft=False)


def load_story_or_raise(folder: Path | str) -> Story:
    """Load a story, raising `StoryError` when it has errors."""
    result = load_story(folder)
    if not result.ok or result.story is None:
        raise StoryError(result.diagnostics)
    return result.story


def _display(path: Path) -> str:
    return str(path)


def _folder_error(path: Path, message: str) -> LoadResult:
    diag = Diagnostic(Code.NOT_A_STORY, message, Span(str(path), 0, 0, 0))
    return LoadResult(None, (diag,))


def _documents(
    raws: list[tuple[Path, str, bytes, str]], out: list[Diagnostic]
) -> Iterator[tuple[YamlDocument, Node | None]]:
    from .yamlread import read_yaml

    for i, (path, display, raw, digest) in enumerate(raws):
        doc, problems = read_yaml(display, raw)
        # The text read from the bytes is what diagnostics quote; the bytes are done with.
        raws[i] = (path, display, b"", digest)
        del raw
        out.extend(problems)
        yield doc, doc.root


def _load(folder: Path, raws: list[tuple[Path, str, bytes, str]], *, draft: bool) -> LoadResult:
    from . import format2
    from .chapters import Pending, check_start, read_chapter, resolve
    from .declarations import Declarations, read_story_yaml, report_missing_pronouns
    from .fields import FieldReader

    out: list[Diagnostic] = []
    # One file's node tree at a time: holding every chapter's nodes at once would triple the
    # peak memory of a large story.
    docs = _documents(raws, out)
    story_doc, story_root = next(docs)
    story_file = FieldReader(story_doc.source, out, story_doc.source.text)
    decl = read_story_yaml(story_file, story_root) if story_root is not None else Declarations()
    extras = format2.Extras()
    checkpoints, guarantees = format2.read_story_extras(story_file, decl, extras)
    pending = Pending()
    scenes: dict[str, Scene] = {}
    chapters: list[str] = []
    unreadable = story_root is None
    for doc, root in docs:
        if root is None:
            unreadable = True
            continue
        f = FieldReader(doc.source, out, doc.source.text, decl.format)
        chapter = read_chapter(f, root, decl, pending, scenes)
        if chapter is not None:
            chapters.append(chapter)
    report_missing_pronouns(decl)
    resolve(decl, pending, scenes, out, check_scenes=not unreadable)
    if not unreadable:
        check_start(story_file, decl, scenes)
        format2.resolve_extras(story_file, decl, extras, scenes, format2.choice_names(scenes))
    broken = any(d.is_error for d in out) and not draft
    if story_root is None or broken or "start" not in decl.meta:
        return LoadResult(None, tuple(out))
    digest = hashlib.blake2b("".join(d for *_, d in raws).encode(), digest_size=16).hexdigest()
    story = Story(
        id=decl.meta.get("id", folder.name),
        title=decl.meta.get("title", folder.name),
        version=decl.meta.get("version", "1"),
        start=decl.meta["start"],
        characters=decl.characters,
        variables=decl.variables,
        lessons=decl.lessons,
        scenes=scenes,
        chapters=tuple(chapters),
        root=folder,
        pronouns=decl.meta.get("pronouns"),
        content_note=decl.meta.get("content_note"),
        glossary=decl.glossary,
        title_image=decl.meta.get("title_image"),
        preview=decl.meta.get("preview"),
        content_hash=digest,
        format=decl.format,
        chapter_names=pending.chapter_names,
        checkpoints=checkpoints,
        guarantees=guarantees,
    )
    return LoadResult(story, tuple(out))
