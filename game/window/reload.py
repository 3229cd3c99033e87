"""Live reload for authors: when a story file is saved (or on Ctrl+R) the story is read again
and play carries on at the same place; problems are shown in one panel, never a crash."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from game.engine.diagnostics import Diagnostic
from game.engine.loader import StoryCache, load_story
from game.persistence.progress import load_progress

from .host import Host
from .wording import story_changed_text

log = logging.getLogger(__name__)


class StoryWatcher:
    """Watches the story folder on its own thread (watchfiles); the frame loop asks `take()`."""

    def __init__(self, folder: Path, wake: Callable[[], None]) -> None:
        self._changed = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._watch, args=(folder, wake), name="story-watcher", daemon=True
        )
        self._thread.start()

    def _watch(self, folder: Path, wake: Callable[[], None]) -> None:
        from game.authoring.watching import story_changes

        try:
            for _ in story_changes(folder, self._stop):
                self._changed.set()
                wake()
        except Exception:  # a watcher that fails must not take the game down with it
            log.exception("watching %s for changes stopped", folder)

    def take(self) -> bool:
        """True once after files changed since the last call."""
        if not self._changed.is_set():
            return False
        self._changed.clear()
        return True

    def stop(self) -> None:
        """Stop watching (watchfiles looks at the stop flag every 50 ms)."""
        self._stop.set()
        self._thread.join(timeout=5)


class Reloader:
    """Reloads a `Host`'s story, keeping parsed files that did not change between reloads."""

    def __init__(
        self, host: Host, progress_path: Path, wake: Callable[[], None] | None = None
    ) -> None:
        """With `wake` (which makes the frame loop run), the story folder is watched too."""
        self.host = host
        self.progress_path = progress_path
        self.cache: StoryCache | None = None  # made by the first reload
        self.watcher = StoryWatcher(host.story.root, wake) if wake is not None else None

    def reload_if_saved(self) -> None:
        """Reload when the watcher saw story files saved since the last frame."""
        if self.watcher is not None and self.watcher.take():
            self.reload()

    def close(self) -> None:
        """Stop watching the story folder."""
        if self.watcher is not None:
            self.watcher.stop()

    def reload(self) -> None:
        """Read the story files again; with errors the old story keeps running and the
        diagnostics are shown (replacing any panel a reload showed before)."""
        host = self.host
        if self.cache is None:
            self.cache = StoryCache()
        result = load_story(host.story.root, cache=self.cache)
        if not result.ok or result.story is None:
            self._show_problems(result.diagnostics)
            return
        new = result.story
        if host.runner is not None:
            from game.engine.runner import Runner
            from game.engine.state import StateError

            try:
                runner, note = Runner.restore(new, host.runner.to_json())
            except StateError as err:
                self._show_problems(
                    result.diagnostics,
                    f"The new files load, but this game cannot continue in them: {err}. "
                    "The game carries on with the story as it was.",
                )
                return
        else:
            runner, note = None, None
        self._close_problems()
        if new.id != host.story.id:
            progress = load_progress(self.progress_path)
            host.found = progress.found(new.id)
            host.found_runs = progress.runs_of(new.id)
        if runner is not None:
            host.session.reloaded(new, runner)
        host.story = new
        host.assets.clear()
        for screen in host.manager.stack:
            reloaded = getattr(screen, "story_reloaded", None)
            if callable(reloaded):
                reloaded()
        warnings_count = sum(1 for d in result.diagnostics if not d.is_error)
        message = "Story reloaded."
        if warnings_count:
            message += f" {warnings_count} warning{'s' if warnings_count != 1 else ''}."
        if note:
            message += " " + story_changed_text(note)
        host.toasts.show(message, long=bool(note))

    def _show_problems(self, diagnostics: tuple[Diagnostic, ...], note: str | None = None) -> None:
        from .screens.overlays import DiagnosticsScreen

        panel = DiagnosticsScreen(self.host, diagnostics, note)
        manager = self.host.manager
        if isinstance(manager.top, DiagnosticsScreen):
            manager.replace(panel)  # the newest report replaces the last: panels never stack
        else:
            self._close_problems()
            manager.push(panel)

    def _close_problems(self) -> None:
        """Take every reload report off the stack: the files they were about are fixed."""
        from .screens.overlays import DiagnosticsScreen

        manager = self.host.manager
        for screen in [s for s in manager.stack if isinstance(s, DiagnosticsScreen)]:
            manager.remove(screen)
