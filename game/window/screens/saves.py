"""Save and load: slots 1–9 (and, to load, the autosave and the quick save) as cards with a
thumbnail, the chapter and the time; damaged saves say what is wrong and load their backup.

When the cards do not all fit they go into pages of a grid (two columns where the cards keep
their shape) with Previous/Next page buttons and PgUp/PgDn, never a long scrolling list.
"""

from __future__ import annotations

import pygame

from ..host import Host
from ..slots import LOADING, Slot, SlotListing, earlier_autosaves, slot_title, what_if_slots
from ..theme import Role, TextStyle
from ..widgets import Button, Card, CardLine, Paragraph, Spacer, Widget
from .common import PageScreen, footer_button
from .title import when_text

NUMBERED = tuple(str(n) for n in range(1, 10))
GRID_THUMB = 0.75  # the pictures' size in two columns, so they stay beside the words


class SavesScreen(PageScreen):
    """`mode` "save": slots 1–9; "load": the autosave (and the earlier ones kept from the last
    games, when there are any), the quick save and slots 1–9."""

    corner = True

    def __init__(self, app: Host, mode: str) -> None:
        if mode not in ("save", "load"):
            raise ValueError(f"mode must be save or load, not {mode!r}")
        self.mode = mode
        self.cards: list[Card] = []
        self.page = 0
        self.per_page = 0  # cards on a full page; 0 until laid out
        self.back_button = footer_button("Back", self.back)
        self.previous = footer_button("Previous page", lambda: self.turn(-1, keep_button=True))
        self.next = footer_button("Next page", lambda: self.turn(1, keep_button=True))
        super().__init__(app, "Save" if mode == "save" else "Load", (), [self.back_button])
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
            self.cards = []
            self.set_body([Paragraph(listing.error, TextStyle.BODY)])
            return
        earlier = tuple(s for s in earlier_autosaves() if s in listing.slots)
        slots = NUMBERED if self.mode == "save" else ("auto", *earlier, "quick", *NUMBERED)
        if self.mode == "load":  # the games What if? set aside, newest first
            slots += what_if_slots(listing)
        empty = Slot(None, None)
        self.cards = [self._card(slot, listing.slots.get(slot, empty)) for slot in slots]
        self.relayout()

    # --- pages --------------------------------------------------------------------------------

    @property
    def pages(self) -> int:
        """How many pages the cards take (1 when they all fit)."""
        if not self.cards or self.per_page <= 0:
            return 1
        return -(-len(self.cards) // self.per_page)

    def _fill(self, cards: list[Card], paged: bool) -> None:
        """Put `cards` in the body (and the page buttons in the footer when `paged`)."""
        intro = self._intro()
        footer = [self.back_button]
        if paged:
            intro.text = f"Page {self.page + 1} of {self.pages}. {intro.text}"
            self.previous.enabled = self.page > 0
            self.next.enabled = self.page < self.pages - 1
            footer = [self.previous, self.next, self.back_button]
        # The intro has a row of its own: an empty cell beside it in two columns.
        head: list[Widget] = [intro, Spacer(0)] if self.column.columns == 2 else [intro]
        self.column.widgets = [*head, *cards]
        self.footer = footer
        self._rebuild_focus(None)

    def _refocus(self, index: int | None, widget: Widget | None) -> None:
        """Focus back where it was: the same page button, else the same place in the order
        (the same slot after a save, the first card once the slots are read)."""
        widgets = self.group.widgets
        page_button = widget is self.previous or widget is self.next
        if page_button and widget in widgets and getattr(widget, "enabled", True):
            self.group.focus(widgets.index(widget), visible=self.group.visible)
        elif index is not None and index < len(widgets):
            self._rebuild_focus(index)

    def _fits(self, cards: list[Card], paged: bool) -> bool:
        self._fill(cards, paged)
        self._relayout()
        return self.column.max_scroll == 0

    def _thumbs(self, scale: float) -> None:
        for card in self.cards:
            card.thumb_scale = scale

    def _per_page(self, columns: int) -> int:
        """How many cards fit on a page in `columns` columns (whole rows); 0 when not even one
        row fits (one card a page, scrolling, is the last resort in one column)."""
        self.column.columns = columns
        count = -(-len(self.cards) // columns) * columns  # whole rows: 11 cards in two -> 12
        while count > columns and not self._fits(self.cards[:count], paged=True):
            count -= columns
        if self._fits(self.cards[:count], paged=True):
            return count
        return 1 if columns == 1 else 0

    def relayout(self) -> None:
        """All the cards in one column when they fit; else pages of as many cards as fit, in
        one or two columns, whichever shows more."""
        index, widget = self.group.index, self.focused
        self.column.columns = 1
        if not self.cards:
            self._relayout()
            return
        self._thumbs(1.0)
        if self._fits(self.cards, paged=False):
            self.per_page, self.page = len(self.cards), 0
        else:
            one = self._per_page(1)
            self._thumbs(GRID_THUMB)
            two = self._per_page(2)
            self.column.columns = 2 if two > one else 1
            if two <= one:
                self._thumbs(1.0)
            self.per_page = max(one, two)
            self.page = min(self.page, self.pages - 1)
            self._show_page()
        self._refocus(index, widget)
        self._relayout()

    def _show_page(self) -> None:
        start = self.page * self.per_page
        self._fill(self.cards[start : start + self.per_page], paged=True)
        self.column.scroll = 0
        self._relayout()

    def turn(self, step: int, *, keep_button: bool = False) -> None:
        """Go `step` pages on (if there is such a page); focus goes to the page's first card,
        or stays on the page button pressed while it can still be pressed."""
        page = self.page + step
        if not 0 <= page < self.pages:
            return
        self.page = page
        button = self.focused if keep_button else None
        self._show_page()
        widgets = self.group.widgets
        if isinstance(button, Button) and button.enabled:
            self.group.focus(widgets.index(button), visible=self.group.visible)
        else:
            first = widgets.index(self.column.focusables()[0]) if self.column.focusables() else 0
            self.group.focus(first, visible=self.group.visible)

    def handle_key(self, event: pygame.event.Event) -> bool | None:
        """PgUp/PgDn turn the pages (when there are pages)."""
        steps = {pygame.K_PAGEUP: -1, pygame.K_PAGEDOWN: 1}
        if event.key in steps and self.pages > 1:
            self.turn(steps[event.key])
            return True
        return None

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
