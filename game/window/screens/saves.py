"""Save and load: slots 1–9 (and, to load, the autosave and the quick save) as cards with a
thumbnail, the chapter and the time; damaged saves say what is wrong and load their backup."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.persistence.errors import SaveError
from game.persistence.saves import SaveFile, list_slots, slot_path

from ..controls import Card, CardLine, Paragraph
from ..theme import TextStyle
from ..widgets import Widget
from ..wording import save_error_text, slot_problem_text
from .common import PageScreen, footer_button
from .overlays import ConfirmScreen
from .title import when_text

if TYPE_CHECKING:
    from ..app import App

log = logging.getLogger(__name__)

NUMBERED = tuple(str(n) for n in range(1, 10))


def slot_title(slot: str) -> str:
    """How a slot is named on screen."""
    return {"auto": "Autosave", "quick": "Quick save"}.get(slot, f"Slot {slot}")


def thumbnail_path(saves: Path, slot: str) -> Path:
    """The picture kept beside a save: `<slot>.png`."""
    return slot_path(saves, slot).with_suffix(".png")


def load_thumbnail(path: Path) -> pygame.Surface | None:
    """A save's thumbnail, or None when there is none (or it cannot be read)."""
    if not path.is_file():
        return None
    try:
        return pygame.image.load(str(path))
    except (pygame.error, OSError, ValueError) as exc:
        log.warning("thumbnail %s could not be read: %s", path, exc)
        return None


class SavesScreen(PageScreen):
    """`mode` "save": slots 1–9; "load": the autosave, the quick save and slots 1–9."""

    corner = True

    def __init__(self, app: App, mode: str) -> None:
        if mode not in ("save", "load"):
            raise ValueError(f"mode must be save or load, not {mode!r}")
        self.mode = mode
        super().__init__(
            app, "Save" if mode == "save" else "Load", (), [footer_button("Back", self.back)]
        )
        self.set_body(self._cards())

    def _cards(self) -> list[Widget]:
        app = self.app
        app.worker.flush()  # a save still being written must show as it will be
        found: dict[str, tuple[SaveFile | None, str | None]] = {}
        try:
            for slot, result in list_slots(app.saves):
                found[slot] = (result.save, slot_problem_text(result))
        except SaveError as err:
            return [Paragraph(save_error_text(err), TextStyle.BODY)]
        slots = NUMBERED if self.mode == "save" else ("auto", "quick", *NUMBERED)
        body: list[Widget] = []
        if self.mode == "save":
            intro = "Choose a slot. Saving over a slot keeps the old save as its backup."
        else:
            intro = "Choose a save to go back to that moment."
        body.append(Paragraph(intro, TextStyle.LABEL, colour="muted_text"))
        for slot in slots:
            save, problem = found.get(slot, (None, None))
            body.append(self._card(slot, save, problem))
        return body

    def _card(self, slot: str, save: SaveFile | None, problem: str | None) -> Card:
        app = self.app
        lines: list[CardLine] = []
        other = save is not None and save.story_id != app.story.id
        if save is not None:
            lines.append(CardLine(save.label))
            when = when_text(save)
            lines.append(CardLine(when[:1].upper() + when[1:], colour="muted_text"))
            if other:
                lines.append(CardLine(f"A save of another story ({save.story_id})."))
        elif problem is None:
            lines.append(CardLine("Empty", colour="muted_text"))
        image = load_thumbnail(thumbnail_path(app.saves, slot)) if save is not None else None
        if self.mode == "save":
            action = lambda: self._save(slot, save is not None or problem is not None)  # noqa: E731
            enabled = True
        else:
            action = lambda: self._load(slot)  # noqa: E731
            enabled = save is not None and not other
        return Card(
            slot_title(slot),
            lines,
            image=image,
            image_slot=True,
            warning=problem,
            on_click=action,
            enabled=enabled,
        )

    def refresh(self) -> None:
        """Read the slots again (after a save)."""
        self.set_body(self._cards())

    def _save(self, slot: str, taken: bool) -> None:
        if not taken:
            self._write(slot)
            return
        self.app.manager.push(
            ConfirmScreen(
                self.app,
                f"Save over {slot_title(slot).lower()}?",
                "The save there now is kept as its backup.",
                [("Save", lambda: self._confirmed(slot)), ("Cancel", self.app.close_top)],
            )
        )

    def _confirmed(self, slot: str) -> None:
        self.app.close_top()
        self._write(slot)

    def _write(self, slot: str) -> None:
        self.app.save_to(slot, toast=True)
        self.refresh()

    def _load(self, slot: str) -> None:
        self.app.load_slot(slot)
