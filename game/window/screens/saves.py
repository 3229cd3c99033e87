"""Save and load: slots 1–9 (and, to load, the autosave and the quick save) as cards with a
thumbnail, the chapter and the time; damaged saves say what is wrong and load their backup."""

from __future__ import annotations

from ..host import Host
from ..slots import LOADING, Slot, SlotListing, earlier_autosaves, slot_title, what_if_slots
from ..theme import Role, TextStyle
from ..widgets import Card, CardLine, Paragraph
from .common import PageScreen, footer_button
from .title import when_text

NUMBERED = tuple(str(n) for n in range(1, 10))


class SavesScreen(PageScreen):
    """`mode` "save": slots 1–9; "load": the autosave (and the earlier ones kept from the last
    games, when there are any), the quick save and slots 1–9."""

    corner = True

    def __init__(self, app: Host, mode: str) -> None:
        if mode not in ("save", "load"):
            raise ValueError(f"mode must be save or load, not {mode!r}")
        self.mode = mode
        super().__init__(
            app, "Save" if mode == "save" else "Load", (), [footer_button("Back", self.back)]
        )
        self.set_body([self._intro(), Paragraph(LOADING, TextStyle.BODY, colour=Role.MUTED_TEXT)])
        self.refresh()

    def _intro(self) -> Paragraph:
        if self.mode == "save":
            intro = "Choose a slot. Saving over a slot keeps the old save as its backup."
        else:
            intro = "Choose a save to go back to that moment."
        return Paragraph(intro, TextStyle.LABEL, colour=Role.MUTED_TEXT)

    def _show(self, listing: SlotListing) -> None:
        """The worker has read the slots: one card for each."""
        if listing.error is not None:
            self.set_body([Paragraph(listing.error, TextStyle.BODY)])
            return
        earlier = tuple(s for s in earlier_autosaves() if s in listing.slots)
        slots = NUMBERED if self.mode == "save" else ("auto", *earlier, "quick", *NUMBERED)
        if self.mode == "load":  # the games What if? set aside, newest first
            slots += what_if_slots(listing)
        empty = Slot(None, None)
        cards = [self._card(slot, listing.slots.get(slot, empty)) for slot in slots]
        self.set_body([self._intro(), *cards])

    def _card(self, slot: str, found: Slot) -> Card:
        save, problem = found.save, found.problem
        lines: list[CardLine] = []
        other = save is not None and save.story_id != self.app.story.id
        if save is not None:
            lines.append(CardLine(save.label))
            when = when_text(save)
            lines.append(CardLine(when[:1].upper() + when[1:], colour=Role.MUTED_TEXT))
            if other:
                lines.append(CardLine(f"A save of another story ({save.story_id})."))
        elif problem is None:
            lines.append(CardLine("Empty", colour=Role.MUTED_TEXT))
        if self.mode == "save":
            action = lambda: self._save(slot, save is not None or problem is not None)  # noqa: E731
            enabled = True
        else:
            action = lambda: self._load(slot)  # noqa: E731
            enabled = save is not None and not other
        return Card(
            slot_title(slot),
            lines,
            image=found.thumbnail,
            image_slot=True,
            warning=problem,
            on_click=action,
            enabled=enabled,
        )

    def refresh(self) -> None:
        """Read the slots again, on the worker (after the saves queued before)."""
        slots = self.app.slots
        self.app.worker.fetch("slots", slots.slots, self._show)

    def _save(self, slot: str, taken: bool) -> None:
        if not taken:
            self._write(slot)
            return
        self.app.nav.confirm(
            f"Save over {slot_title(slot).lower()}?",
            "The save there now is kept as its backup.",
            [("Save", lambda: self._confirmed(slot)), ("Cancel", self.app.nav.close_top)],
        )

    def _confirmed(self, slot: str) -> None:
        self.app.nav.close_top()
        self._write(slot)

    def _write(self, slot: str) -> None:
        self.app.saving.save_to(slot, toast=True)
        self.refresh()

    def _load(self, slot: str) -> None:
        self.app.saving.load_slot(slot)
