"""Pages shown over the game: history, the in-game menu, confirmations, help, diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from game.engine.diagnostics import Diagnostic, format_all

from .. import keymap
from ..host import Host
from ..keys import Scope
from ..theme import Role, TextStyle
from ..widgets import Button, DiagnosticView, KeyRow, Paragraph, Spacer, Speech, Widget
from .choosing import speaker_colour
from .common import PageScreen, footer_button


class HistoryScreen(PageScreen):
    """Everything said and chosen so far, oldest first, opened at the newest.

    Wheel, arrows, PageUp/PageDown, Home/End scroll; Esc or H closes, and so does turning the
    wheel down past the end (wheel-up opened it).
    """

    corner = True

    backdrop = "overlay"

    def __init__(self, app: Host) -> None:
        body: list[Widget] = []
        chapter = None
        runner = app.runner
        for entry in runner.history if runner is not None else ():
            if entry.chapter != chapter:
                chapter = entry.chapter
                if body:
                    body.append(Spacer(app.ctx.theme.spacing.md))
                body.append(Paragraph(chapter, TextStyle.HEADING))
            if entry.kind == "choice":
                body.append(Speech(entry.text, choice=True))
            else:
                body.append(
                    Speech(entry.text, entry.name, speaker_colour(entry.color), choice=False)
                )
        if not body:
            body.append(
                Paragraph("Nothing has happened yet.", TextStyle.BODY, colour=Role.MUTED_TEXT)
            )
        self.entries = len(runner.history) if runner is not None else 0
        close = footer_button("Close", self.back)
        footer = [close]
        if runner is not None and runner.state.decisions:
            footer.insert(0, footer_button("What if?", app.nav.open_what_if))
        super().__init__(app, "History", body, footer, primary=close)
        self._opened = False

    def relayout(self) -> None:
        """Lay out; the first time, scroll to the newest entry."""
        super().relayout()
        if not self._opened:
            self._opened = True
            self.column.scroll_to(self.column.max_scroll)

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Wheel down at the very end closes the history."""
        if (
            event.type == pygame.MOUSEWHEEL
            and getattr(event, "y", 0) < 0
            and self.column.scroll >= self.column.max_scroll
        ):
            self.back()
            return True
        return super().handle_event(event)


class MenuScreen(PageScreen):
    """The in-game menu over the scene: Resume, Save, Load, Settings, Help, Title, Quit."""

    backdrop = "overlay"
    narrow = True
    fit = True
    grid = True

    def __init__(self, app: Host) -> None:
        def item(label: str, action: Callable[[], None]) -> Button:
            return Button(label, action, style=TextStyle.BUTTON, align="center")

        body: list[Widget] = [
            item("Resume", self.back),
            item("Save", lambda: app.nav.open_saves("save")),
            item("Load", lambda: app.nav.open_saves("load")),
            item("Settings", app.nav.open_settings),
            item("Help", app.nav.open_help),
            item("Title", app.nav.leave_to_title),
            item("Quit", app.nav.request_quit),
        ]
        super().__init__(app, "Menu", body, ())


class ConfirmScreen(PageScreen):
    """A question with a few answers; Esc picks the last one (always the safe "stay")."""

    backdrop = "overlay"
    narrow = True
    fit = True

    def __init__(
        self,
        app: Host,
        heading: str,
        message: str,
        answers: Sequence[tuple[str, Callable[[], None]]],
        *,
        kind: str = "",
    ) -> None:
        self.kind = kind
        self._cancel = answers[-1][1] if answers else None
        buttons = [footer_button(label, action) for label, action in answers]
        super().__init__(app, heading, [Paragraph(message, TextStyle.BODY)], buttons)

    def initial_focus(self, enabled: list[int]) -> int:
        """The safe answer."""
        return enabled[-1]

    def back(self) -> None:
        """Esc: the last answer (cancel)."""
        if self._cancel is not None:
            self._cancel()


class HelpScreen(PageScreen):
    """Every key of the key table, as key caps beside what they do."""

    corner = True

    backdrop = "overlay"

    def __init__(self, app: Host) -> None:
        shown = [
            a
            for a in keymap.table(app.settings.keys)
            if a.scope is not Scope.FACILITATOR or app.options.facilitator
        ]
        body: list[Widget] = [KeyRow(action.labels, action.help) for action in shown]
        body.append(
            Paragraph(
                "Everything works with the mouse alone, too: click to go on, click a choice, and "
                "use the Back, History and Menu buttons at the top right.",
                TextStyle.LABEL,
                colour=Role.MUTED_TEXT,
            )
        )
        super().__init__(app, "Keys", body, [footer_button("Close", self.back)])

    def handle_key(self, event: pygame.event.Event) -> bool | None:
        """F1 and ? close it again."""
        if event.key == pygame.K_F1 or getattr(event, "unicode", "") == "?":
            self.back()
            return True
        return None


class DiagnosticsScreen(PageScreen):
    """The checker's report after a reload found errors; the story already running carries on."""

    corner = True

    backdrop = "overlay"

    def __init__(
        self, app: Host, diagnostics: Sequence[Diagnostic], note: str | None = None
    ) -> None:
        errors = [d for d in diagnostics if d.is_error]
        summary = format_all(diagnostics).rsplit("\n", 1)[-1]
        intro = note or (
            f"The story files have problems ({summary}). The game carries on with the story as "
            "it was loaded before; fix the files and save them, and the story reloads (Ctrl+R "
            "reloads it at any time)."
        )
        body: list[Widget] = [Paragraph(intro, TextStyle.LABEL)]
        ordered = sorted(diagnostics, key=Diagnostic.sort_key)
        body += [DiagnosticView(d) for d in ordered]
        self.errors = len(errors)
        super().__init__(
            app, "The story was not reloaded", body, [footer_button("Close", self.back)]
        )
