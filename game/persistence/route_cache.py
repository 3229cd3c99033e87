"""Whether a story's routes loop, kept on disk so `play` decides it once per story version.

Deciding it may explore the whole story (and decode every cached scene); the answer only
depends on the story's files and on the engine and checker, so it is kept like a proof: keyed
by the files' content hashes, in a `PerStory` file that also checks the engine version, and read
back only when every value fits the model. A bad file is ignored with a note and the question
is answered again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.engine.diagnostics import Code, Diagnostic
from game.engine.model import Span, Story

from .paths import cache_dir
from .story_cache import PerStory


@dataclass(frozen=True)
class KeptError:
    """One route-loop error as kept: its code by name (codes are enums, kept as their names)."""

    code: str
    message: str
    span: Span
    source_line: str | None


@dataclass(frozen=True)
class RouteLoops:
    """The route-loop errors of one version of a story (none: it can be played)."""

    errors: tuple[KeptError, ...]


@dataclass
class DiskRouteLoopCache:
    """Route-loop answers on disk, by the story's content hash and folder."""

    folder: Path
    notes: list[str]

    def __post_init__(self) -> None:
        self.files: PerStory[RouteLoops] = PerStory(self.folder, RouteLoops, "routes-", self.notes)

    def get(self, story: Story) -> tuple[Diagnostic, ...] | None:
        """The errors kept for this story's files, or None when none are kept."""
        kept = self.files.read(story)
        if kept is None:
            return None
        codes = Code.__members__
        if any(e.code not in codes for e in kept.errors):
            self.files.ignore(story, "names a code this engine does not have")
            return None
        return tuple(
            Diagnostic(codes[e.code], e.message, e.span, e.source_line) for e in kept.errors
        )

    def put(self, story: Story, errors: tuple[Diagnostic, ...]) -> None:
        """Keep the route-loop errors found for this story's files."""
        kept = tuple(KeptError(d.code.name, d.message, d.span, d.source_line) for d in errors)
        self.files.write(story, RouteLoops(kept))


def route_loop_cache(folder: Path | None = None) -> DiskRouteLoopCache:
    """A route-loop cache in `folder` (default: the user cache folder's `routes`)."""
    return DiskRouteLoopCache(folder or cache_dir() / "routes", [])
