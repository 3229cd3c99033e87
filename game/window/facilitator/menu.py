"""The facilitator's menu (Esc in facilitator mode): the console's switches and the player's
menu items, so saving, loading, settings and quitting stay one key away."""

from __future__ import annotations

from collections.abc import Callable

from ..host import Host
from ..screens.common import PageScreen
from ..theme import TextStyle
from ..widgets import Button, Widget
from .chapters import menu_label
from .console import Console
from .handout import write_report

COUNTDOWNS: tuple[float | None, ...] = (None, 30.0, 60.0, 90.0)


def countdown_label(seconds: float | None) -> str:
    """ "Vote countdown: off" / "Vote countdown: 60 s"."""
    return "Vote countdown: off" if seconds is None else f"Vote countdown: {seconds:.0f} s"


class FacilitatorMenuScreen(PageScreen):
    """Resume, blank, the timer and its length, meters, notes, voting, then the player's items."""

    backdrop = "overlay"
    narrow = False
    fit = True
    grid = True

    def __init__(self, app: Host, console: Console) -> None:
        self.console = console
        super().__init__(app, "Facilitator menu", self._items(app), ())

    def _items(self, app: Host) -> list[Widget]:
        console, timer = self.console, self.console.timer
        in_game = app.runner is not None

        def item(label: str, action: Callable[[], None], *, enabled: bool = True) -> Button:
            return Button(label, action, style=TextStyle.BUTTON, align="center", enabled=enabled)

        voting = console.vote.running
        return [
            item("Resume", self.back),
            # Where a lesson starts and where it goes back to: on the first screenful at --scale 2.
            item(menu_label(app.story), app.nav.open_chapters),
            item("What if? (go back)", app.nav.open_what_if, enabled=in_game),
            item("Blank screen (B)", self._then_close(console.blank_screen)),
            item(
                "Pause timer (T)" if timer.running else "Start timer (T)", self._keep(timer.toggle)
            ),
            item("Reset timer (Shift+T)", self._keep(timer.reset)),
            item(f"Timer length: {timer.minutes} min", self._keep(timer.next_minutes)),
            item(f"Chime: {'on' if console.chime_on else 'off'}", self._keep(self._flip_chime)),
            item(
                "Show the meters (M)",
                self._then_close(lambda: console.toggle_panel("meters")),
                enabled=in_game,
            ),
            item(
                "Notes for this prompt (N)",
                self._then_close(lambda: console.toggle_panel("notes")),
                enabled=in_game,
            ),
            item(
                "Write the session report",
                self._then_close(
                    lambda: write_report(app, console.vote.records(), console.shown.seconds)
                ),
                enabled=in_game,
            ),
            item(
                f"Class voting: {'on' if voting else 'off'}",
                self._keep(lambda: console.set_voting(not voting)),
            ),
            item(countdown_label(console.vote.countdown_s), self._keep(self._next_countdown)),
            item("Save", lambda: app.nav.open_saves("save"), enabled=in_game),
            item("Load", lambda: app.nav.open_saves("load")),
            item("Settings", app.nav.open_settings),
            item("Help", app.nav.open_help),
            item("Title", app.nav.leave_to_title),
            item("Quit", app.nav.request_quit),
        ]

    def _keep(self, action: Callable[[], None]) -> Callable[[], None]:
        """Do `action` and stay in the menu with its labels brought up to date."""

        def run() -> None:
            action()
            if self.manager is not None and self.manager.top is self:
                self.set_body(self._items(self.app))

        return run

    def _then_close(self, action: Callable[[], object]) -> Callable[[], None]:
        """Close the menu, then do `action` over the game."""

        def run() -> None:
            self.back()
            action()

        return run

    def _flip_chime(self) -> None:
        self.console.chime_on = not self.console.chime_on

    def _next_countdown(self) -> None:
        vote = self.console.vote
        vote.countdown_s = COUNTDOWNS[(COUNTDOWNS.index(vote.countdown_s) + 1) % len(COUNTDOWNS)]
