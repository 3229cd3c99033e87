"""Reading the save slots for the title and the save/load pages: run on the worker thread.

A slot listing reads and checksums every save and loads its thumbnail, which can take a while
on a slow disk; the screens ask the `Worker` for it and show "Loading…" until it arrives.
`SlotReader` is what they are given, so tests can hand in a slow or failing one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pygame

from game.engine.session import AUTOSAVE_SLOT, WHAT_IF_SLOT
from game.persistence.errors import SaveError
from game.persistence.saves import (
    AUTOSAVES_KEPT,
    SaveFile,
    earlier_autosave,
    list_saves,
    list_slots,
    slot_path,
)

from .wording import save_error_text, slot_problem_text

log = logging.getLogger(__name__)

LOADING = "Loading…"


def slot_title(slot: str) -> str:
    """How a slot is named on screen: "Autosave", "Earlier autosave", "Quick save", "Slot 2"."""
    back = earlier_autosave_number(slot)
    if back == 1:
        return "Earlier autosave"
    if back is not None:
        return f"Autosave, {back} games back"
    if slot.startswith(WHAT_IF_SLOT):
        return f"Before what-if {slot.removeprefix(WHAT_IF_SLOT)}"
    return {"auto": "Autosave", "quick": "Quick save"}.get(slot, f"Slot {slot}")


def earlier_autosave_number(slot: str) -> int | None:
    """How many games back an earlier autosave is ("auto-2" -> 2); None for other slots."""
    for n in range(1, AUTOSAVES_KEPT):
        if slot == earlier_autosave(AUTOSAVE_SLOT, n):
            return n
    return None


def earlier_autosaves() -> tuple[str, ...]:
    """The earlier autosaves' slots, newest first."""
    return tuple(earlier_autosave(AUTOSAVE_SLOT, n) for n in range(1, AUTOSAVES_KEPT))


def what_if_slots(listing: SlotListing) -> tuple[str, ...]:
    """The slots of games set aside by What if?, newest first."""
    found = [s for s in listing.slots if s.startswith(WHAT_IF_SLOT)]
    number = {s: s.removeprefix(WHAT_IF_SLOT) for s in found}
    return tuple(sorted(found, key=lambda s: int(number[s]) if number[s].isdigit() else 0)[::-1])


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


@dataclass(frozen=True)
class Slot:
    """One slot with a file: its save (None when unreadable), what is wrong, its picture."""

    save: SaveFile | None
    problem: str | None
    thumbnail: pygame.Surface | None = None


@dataclass(frozen=True)
class SlotListing:
    """Every slot with a file, by name; or why the saves folder could not be read."""

    slots: dict[str, Slot] = field(default_factory=dict)
    error: str | None = None


class SlotReader(Protocol):
    """Reads the saves folder (called on the worker thread, never on the frame)."""

    def slots(self) -> SlotListing:
        """Every slot with its save, problem and thumbnail."""
        ...

    def latest(self, story_id: str) -> SaveFile | None:
        """The newest readable save of this story (for Continue)."""
        ...


@dataclass(frozen=True)
class DiskSlots:
    """The `SlotReader` of a real saves folder."""

    folder: Path

    def slots(self) -> SlotListing:
        """Every slot with its save, problem and thumbnail."""
        try:
            listed = list_slots(self.folder)
        except SaveError as err:
            return SlotListing(error=save_error_text(err))
        return SlotListing(
            {
                slot: Slot(
                    result.save,
                    slot_problem_text(result),
                    load_thumbnail(thumbnail_path(self.folder, slot)) if result.save else None,
                )
                for slot, result in listed
            }
        )

    def latest(self, story_id: str) -> SaveFile | None:
        """The newest readable save of this story (for Continue)."""
        try:
            saves = list_saves(self.folder)
        except SaveError:
            return None
        return next((s for s in saves if s.story_id == story_id), None)
