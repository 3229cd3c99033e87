"""Noticing that a story's files were saved (watchfiles), for `check --watch` and the window."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import watchfiles

# What an author saves: story and test files, and the assets scenes name.
WATCHED_SUFFIXES = frozenset(
    {".yaml", ".yml", ".png", ".jpg", ".jpeg", ".webp", ".ogg", ".wav", ".mp3", ".ttf", ".otf"}
)
# Editors write a burst of events per save (a temporary file, a rename): one check per burst.
DEBOUNCE_MS = 400


class StoryFilter(watchfiles.DefaultFilter):
    """watchfiles' default filter (no .git, caches, editor swap files), story files only."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return Path(path).suffix.lower() in WATCHED_SUFFIXES and super().__call__(change, path)


def story_changes(folder: Path, stop: threading.Event) -> Iterator[list[Path]]:
    """Each burst of saves under `folder` as the changed paths, sorted; ends when `stop` is set."""
    for changes in watchfiles.watch(
        folder,
        watch_filter=StoryFilter(),
        debounce=DEBOUNCE_MS,
        stop_event=stop,
        raise_interrupt=False,
    ):
        yield sorted({Path(path) for _, path in changes})
