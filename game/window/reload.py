"""Ctrl+R for authors: read the story files again and carry on at the same place."""

from __future__ import annotations

from pathlib import Path

from game.engine.loader import StoryCache, load_story
from game.engine.runner import Runner
from game.engine.state import StateError
from game.persistence.progress import load_progress

from .host import Host


class Reloader:
    """Reloads a `Host`'s story, keeping parsed files that did not change between reloads."""

    def __init__(self, host: Host, progress_path: Path) -> None:
        self.host = host
        self.progress_path = progress_path
        self.cache: StoryCache | None = None  # made by the first Ctrl+R

    def reload(self) -> None:
        """Read the story files again; with errors the old story keeps running and the
        diagnostics are shown."""
        from .screens.overlays import DiagnosticsScreen

        host = self.host
        if self.cache is None:
            self.cache = StoryCache()
        result = load_story(host.story.root, cache=self.cache)
        if not result.ok or result.story is None:
            host.manager.push(DiagnosticsScreen(host, result.diagnostics))
            return
        new = result.story
        if host.runner is not None:
            try:
                runner, note = Runner.restore(new, host.runner.to_json())
            except StateError as err:
                host.manager.push(
                    DiagnosticsScreen(
                        host,
                        result.diagnostics,
                        f"The new files load, but this game cannot continue in them: {err}. "
                        "The game carries on with the story as it was.",
                    )
                )
                return
        else:
            runner, note = None, None
        if new.id != host.story.id:
            host.found = load_progress(self.progress_path).found(new.id)
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
            message += " " + note
        host.toasts.show(message, long=bool(note))
