"""Change keys: each action the player may move, with its key; Enter, then the new key."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from .. import keymap
from ..host import Host
from ..theme import Role, TextStyle
from ..widgets import Button, Paragraph, Widget
from .common import PageScreen, footer_button

INTRO = "Choose an action and press Enter, then press its new key. Esc cancels."


class KeysScreen(PageScreen):
    """The remappable actions as buttons "Skip: S"; pressing one waits for the next key.

    A key another action uses is refused with a message naming that action; the wait goes on
    until a free key or Esc. Reset to defaults puts every key back.
    """

    corner = False

    def __init__(self, app: Host) -> None:
        self.capturing: str | None = None
        self.message = ""
        super().__init__(
            app,
            "Change keys",
            (),
            [
                footer_button("Reset to defaults", self.reset),
                footer_button("Back", self.back),
            ],
        )
        self._show()

    @property
    def captures_keys(self) -> bool:
        """True while waiting for the new key."""
        return self.capturing is not None

    def bindings(self) -> dict[str, keymap.Binding]:
        """The keys in force (settings were checked when the app started)."""
        return keymap.read(self.app.settings.keys) or keymap.default_bindings()

    def _row_label(self, action: str, binding: keymap.Binding) -> str:
        # What the wait is about goes in the row itself: the focused row is always in view.
        if action == self.capturing:
            return f"{keymap.title(action)}: {self.message}"
        return f"{keymap.title(action)}: {binding.label}"

    def _show(self) -> None:
        body: list[Widget] = [Paragraph(INTRO, TextStyle.LABEL, colour=Role.MUTED_TEXT)]
        for action, binding in self.bindings().items():
            body.append(Button(self._row_label(action, binding), self._starter(action)))
        self.set_body(body)

    def _done(self, message: str) -> None:
        """Stop waiting and say what happened (a note above the buttons)."""
        self.capturing = None
        self.message = message
        self.app.toasts.show(message)

    def _starter(self, action: str) -> Callable[[], None]:
        return lambda: self.start(action)

    def start(self, action: str) -> None:
        """Wait for `action`'s new key."""
        self.capturing = action
        self.message = "press its new key (Esc cancels)"
        self._show()

    def reset(self) -> None:
        """Every action back on its default key."""
        self.app.update_settings(keys=())
        self._done("Every key is back to its default.")
        self._show()

    def handle_key(self, event: pygame.event.Event) -> bool | None:
        """While waiting: Esc cancels, a lone modifier waits on, any other key is tried."""
        action = self.capturing
        if action is None:
            return None
        bindings = self.bindings()
        if event.key == pygame.K_ESCAPE:
            self._done(f"{keymap.title(action)} stays on {bindings[action].label}.")
        elif event.key in keymap.MODIFIER_KEYS:
            return True
        else:
            self._try(action, keymap.from_event(event.key, event.mod), bindings)
        self._show()
        return True

    def _try(
        self, action: str, binding: keymap.Binding, bindings: dict[str, keymap.Binding]
    ) -> None:
        facilitator = self.app.options.facilitator
        other = keymap.conflict(bindings, action, binding, facilitator=facilitator)
        if other is not None:
            self.message = (
                f"{binding.label} is already used by {keymap.title(other)}. "
                "Press another key (Esc cancels)."
            )
            return
        bindings[action] = binding
        self.app.update_settings(keys=keymap.to_pairs(bindings))
        self._done(f"{keymap.title(action)} is now on {binding.label}.")
