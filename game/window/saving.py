"""Saving and loading the game in progress: slots written in the background with a thumbnail,
loads that fall back to the backup, and whether anything would be lost by leaving.

(Moved out of the app as it was; the story's Session layer is to take it over.)
"""

from __future__ import annotations

import io
from pathlib import Path

import pygame

from game.engine.runner import Runner
from game.engine.state import StateError
from game.persistence.atomic import atomic_write_bytes
from game.persistence.errors import SaveError
from game.persistence.saves import load_with_backup, slot_path, write_save

from .draw import scaled_thumbnail
from .host import Host
from .slots import slot_title
from .wording import load_problem_text, save_error_text


class Saving:
    """The `SaveActions` of a `Host`: its game in progress to and from the saves folder."""

    def __init__(self, host: Host, saves: Path) -> None:
        self.host = host
        self.saves = saves

    def _thumbnail(self) -> pygame.Surface | None:
        """A small picture of the scene as it looks now (without menus over it)."""
        host = self.host
        width = host.ctx.theme.spacing.thumbnail_file_width
        from .screens.scene import SceneScreen

        stack = host.manager.stack
        scene = next((s for s in reversed(stack) if isinstance(s, SceneScreen)), None)
        if scene is None:
            return scaled_thumbnail(host.display.canvas, width)
        frame = pygame.Surface(host.display.logical)
        scene.draw_still(frame)
        return scaled_thumbnail(frame, width)

    def save_to(self, slot: str, *, toast: bool = False) -> bool:
        """Save the game in progress to `slot` (written in the background) with a thumbnail."""
        host = self.host
        runner = host.runner
        if runner is None:
            if toast:
                host.toasts.show("There is no game to save yet.")
            return False
        try:
            path = slot_path(self.saves, slot)
        except SaveError as err:
            host.toasts.show(save_error_text(err), long=True)
            return False
        state = runner.to_json()
        label, scene, story = runner.chapter, runner.state.scene, host.story
        image = self._thumbnail()
        picture = path.with_suffix(".png")

        def job() -> None:
            write_save(
                path,
                story_id=story.id,
                story_hash=story.content_hash,
                story_version=story.version,
                label=label,
                scene=scene,
                state=state,
            )
            if image is not None:
                data = io.BytesIO()
                pygame.image.save(image, data, "png")
                atomic_write_bytes(picture, data.getvalue())

        host.worker.submit(f"save:{slot}", job)
        host.saved_state = state
        if toast:
            host.toasts.show(f"Saved: {slot_title(slot).lower()}.")
        return True

    def autosave(self) -> None:
        """Save to the autosave slot (every decision, the start of a game, an ending)."""
        self.save_to("auto")

    def quick_save(self) -> None:
        """Ctrl+S."""
        self.save_to("quick", toast=True)

    def quick_load(self) -> None:
        """Ctrl+L."""
        self.load_slot("quick")

    def load_slot(self, slot: str) -> bool:
        """Load a slot (its backup if the save is damaged) and show it; False with a note if not."""
        host = self.host
        host.worker.flush()  # a save still being written is the one to load
        try:
            path = slot_path(self.saves, slot)
        except SaveError as err:
            host.toasts.show(save_error_text(err), long=True)
            return False
        result = load_with_backup(path)
        save = result.save
        if save is None:
            problem = load_problem_text(result)
            host.toasts.show(problem or f"There is nothing in {slot_title(slot).lower()}.")
            return False
        if save.story_id != host.story.id:
            host.toasts.show(
                f"{slot_title(slot)} holds a game of another story ({save.story_id}).", long=True
            )
            return False
        try:
            runner, note = Runner.restore(host.story, save.state)
        except StateError as err:
            host.toasts.show(f"Could not load {slot_title(slot).lower()}: {err}", long=True)
            return False
        host.runner = runner
        host.saved_state = runner.to_json()
        host.nav.show_scene()
        notes = [text for text in (load_problem_text(result), note) if text]
        if notes:
            host.toasts.show(" ".join(notes), long=True)
        else:
            host.toasts.show(f"Loaded {slot_title(slot).lower()}: {save.label}.")
        return True

    def recover(self) -> None:
        """The error page's way back: the autosave, or the title when there is none."""
        if not self.load_slot("auto"):
            self.host.nav.show_title()

    def has_unsaved_progress(self) -> bool:
        """True when the game has moved on since the last save of any kind (autosave included).

        The autosave is written at every decision, so this is only the lines read (or steps
        taken back) since then.
        """
        runner = self.host.runner
        if runner is None or not runner.history:
            return False
        return runner.to_json() != self.host.saved_state
