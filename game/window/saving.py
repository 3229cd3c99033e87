"""Saving and loading the game in progress through the engine's `Session`: slots written on the
worker with a thumbnail, counted as saved only once written, loads that fall back to the
backup, and whether anything would be lost by leaving."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

import pygame

from game.engine.session import AUTOSAVE_SLOT, SaveJob, SaveOutcome
from game.persistence.atomic import atomic_write_bytes
from game.persistence.errors import SaveError
from game.persistence.saves import LoadResult

from .draw import scaled_thumbnail
from .host import Host
from .slots import slot_title
from .wording import (
    STILL_WRITING,
    load_outcome_text,
    save_error_text,
    set_aside_text,
)

log = logging.getLogger(__name__)

Then = Callable[[SaveOutcome], None]


class Saving:
    """The `SaveActions` of a `Host`: its session's game to and from the saves folder."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.failed: SaveOutcome | None = None  # the last save that was not written

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

    def save_to(self, slot: str, *, toast: bool = False, then: Then | None = None) -> bool:
        """Save the game in progress to `slot` on the worker, with a thumbnail; `then` gets the
        outcome on the main thread once the disk has answered. False when nothing was queued."""
        host = self.host
        if not host.session.playing:
            if toast:
                host.toasts.show("There is no game to save yet.")
            return False
        try:
            job = host.session.save_job(slot)
        except SaveError as err:
            host.toasts.show(save_error_text(err), long=True)
            return False
        self.write(job, toast=toast, then=then)
        return True

    def write(self, job: SaveJob, *, toast: bool = False, then: Then | None = None) -> None:
        """Write a save already taken (What if?'s set-aside game) on the worker, with a
        thumbnail of the screen as it is now."""
        image = self._thumbnail()

        def write() -> SaveOutcome:
            outcome = job.write()
            if outcome.ok and image is not None:
                _write_thumbnail(job, image)
            return outcome

        self.host.worker.run(
            f"save:{job.slot}", write, lambda outcome: self._written(job, outcome, toast, then)
        )

    def _written(self, job: SaveJob, outcome: SaveOutcome, toast: bool, then: Then | None) -> None:
        """The worker wrote (or failed to write) a save: count it and tell the player."""
        self.host.session.settle(job, outcome)
        toasts = self.host.toasts
        aside = set_aside_text(outcome)
        if outcome.error is not None:
            self.failed = outcome
            toasts.show(save_error_text(outcome.error), long=True)
        else:
            if self.failed is not None and self.failed.slot == outcome.slot:
                self.failed = None
            if aside:
                toasts.show(aside, long=True)
            elif toast:
                toasts.show(f"Saved: {slot_title(outcome.slot).lower()}.")
        if then is not None:
            then(outcome)

    def autosave(self) -> None:
        """Save to the autosave slot (every decision, the start of a game, an ending)."""
        self.save_to(AUTOSAVE_SLOT)

    def quick_save(self) -> None:
        """Ctrl+S."""
        self.save_to("quick", toast=True)

    def quick_load(self) -> None:
        """Ctrl+L."""
        self.load_slot("quick")

    def load_slot(self, slot: str) -> bool:
        """Load a slot (its backup if the save is damaged) and show it; False with a note if not."""
        host = self.host
        if not host.worker.flush():  # a save still being written is the one to load
            host.toasts.show(STILL_WRITING, long=True)
        outcome = host.session.load(slot)
        text = load_outcome_text(outcome, slot_title(slot))
        if outcome.ok:
            host.nav.show_scene()
        plain = outcome.ok and outcome.changed_at is None and not _damaged(outcome.read)
        host.toasts.show(text, long=not plain)
        return outcome.ok

    def recover(self) -> None:
        """The error page's way back: the autosave, or the title when there is none."""
        if not self.load_slot(AUTOSAVE_SLOT):
            self.host.nav.show_title()

    def has_unsaved_progress(self) -> bool:
        """True when the game has moved on since the last save that was written (a failed
        autosave leaves the progress unsaved)."""
        return self.host.session.unsaved


def _damaged(read: LoadResult | None) -> bool:
    return read is not None and read.error is not None


def _write_thumbnail(job: SaveJob, image: pygame.Surface) -> None:
    """The picture beside a written save; the save stands without it if the disk refuses."""
    data = io.BytesIO()
    pygame.image.save(image, data, "png")
    try:
        atomic_write_bytes(job.path.with_suffix(".png"), data.getvalue())
    except SaveError as err:
        log.warning("thumbnail for %s not written: %s", job.slot, err)
