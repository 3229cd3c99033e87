"""Before the story: first-launch setup, the content note, and the questions (names, pronouns)."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.engine.answers import MAX_ANSWER_LENGTH, questions, read_answer
from game.engine.model import Value, Variable, VarType

from ..host import Host
from ..theme import Role, TextStyle
from ..widgets import (
    Card,
    CardLine,
    Paragraph,
    RadioRow,
    Slider,
    TextField,
    Toggle,
    Widget,
)
from .common import ENTER_KEYS, PageScreen, footer_button

# Shown when the story gives no `preview:` line of its own.
PREVIEW = "This is how the story's lines will look at this size."


def percent(value: float) -> str:
    """0.75 -> "75%"."""
    return f"{round(value * 100)}%"


def reading_slider(app: Host) -> Slider:
    """The reading size control shared by setup and settings (75–200%, live)."""
    floor = app.min_reading_scale
    label = "Reading size" if floor <= 0.75 else f"Reading size ({percent(floor)} or more)"
    return Slider(
        label,
        max(
            floor, app.settings.reading_scale if app.scale_override is None else app.scale_override
        ),
        floor,
        2.0,
        0.05,
        lambda v: app.update_settings(reading_scale=v),
        format_value=percent,
    )


class SetupScreen(PageScreen):
    """First launch: reading size and contrast with a live preview, before anything else."""

    closable = False
    fit = True

    def __init__(self, app: Host) -> None:
        self.preview = Card("Preview", [CardLine(app.story.preview or PREVIEW, TextStyle.BODY)])
        body: list[Widget] = [
            Paragraph(
                "Make the words comfortable to read. You can change this later in Settings.",
                TextStyle.LABEL,
            ),
            reading_slider(app),
            # Right under the control that changes it, so both fit in view at every size.
            self.preview,
            Toggle(
                "High contrast",
                app.settings.high_contrast,
                lambda on: app.update_settings(high_contrast=on),
            ),
            Paragraph(
                "Press Enter to continue. Up and Down move between the settings.",
                TextStyle.SMALL,
                colour=Role.MUTED_TEXT,
            ),
        ]
        go = footer_button("Continue", app.nav.finish_setup)
        super().__init__(app, "Welcome", body, [go], primary=go)

    def relayout(self) -> None:
        """Lay out with the preview in view: a bigger reading size must not push the line it
        shows off the page. The focused control stays in view first."""
        super().relayout()
        self.column.ensure_visible(self.preview)
        if self.focused is not None:
            self.column.ensure_visible(self.focused)


def reflow(text: str) -> str:
    """Prose from a YAML block: single line breaks become spaces, blank lines new paragraphs.

    Authors break long lines in the file to keep it readable; the window wraps for itself.
    """
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


class ContentNoteScreen(PageScreen):
    """The story's content note, shown before every new game started from the title."""

    narrow = True
    fit = True

    def __init__(self, app: Host, note: str, answers: dict[str, Value] | None = None) -> None:
        # Answers given before the player came back here from the questions: kept for them.
        self.answers = answers
        self.note = note
        body: list[Widget] = [Paragraph(reflow(note), TextStyle.BODY)]
        go = footer_button("Continue", lambda: app.nav.ask_questions(self.answers))
        super().__init__(
            app, "Content note", body, [footer_button("Back", app.nav.show_title), go], primary=go
        )

    def back(self) -> None:
        """Esc goes back to the title."""
        self.app.nav.show_title()


class QuestionsScreen(PageScreen):
    """What the story asks at a new game: text fields for names, a row of buttons for a pick.

    Every answer starts filled in with the story's default (or the last game's answer), so
    Begin works straight away; an emptied field falls back to the default.
    """

    narrow = True
    fit = True

    def __init__(self, app: Host, answers: dict[str, Value] | None = None) -> None:
        self.answers: dict[str, Value] = {}
        self.fields: dict[str, TextField | RadioRow] = {}
        given = answers or {}
        body: list[Widget] = []
        self.pictures = {q.id: q.pictures for q in questions(app.story)}
        asked = app.story.questions
        for n, var in enumerate(asked):
            last = n == len(asked) - 1
            body.append(self._field(var, given.get(var.id, var.default), last))
        go = footer_button("Begin", self.begin)
        super().__init__(
            app,
            "Before you begin",
            body,
            [footer_button("Back", self.back), go],
            primary=go,
        )

    def initial_focus(self, enabled: list[int]) -> int:
        """The first question."""
        return enabled[0]

    def back(self) -> None:
        """Back / Esc: to the content note (or the title), keeping the answers given so far."""
        note = self.app.story.content_note
        if note and note.strip():
            self.app.manager.switch(ContentNoteScreen(self.app, note, self.collect()))
        else:
            self.app.nav.show_title()

    def handle_key(self, event: pygame.event.Event) -> bool | None:
        """Enter on a pick moves on to the next question, and on the last one begins."""
        focused = self.focused
        if event.key in ENTER_KEYS and isinstance(focused, RadioRow):
            if focused is self.column.focusables()[-1]:
                self.begin()
            else:
                self._next()
            return True
        return None

    def _field(self, var: Variable, value: Value, last: bool) -> TextField | RadioRow:
        ask = var.ask or var.id
        widget: TextField | RadioRow
        if var.one_of:
            options = list(var.one_of)
            index = options.index(str(value)) if str(value) in options else 0
            names = self.pictures.get(var.id, ())
            widget = RadioRow(ask, options, index, picture=self._picture(names) if names else None)
        elif var.type is VarType.BOOL:
            widget = RadioRow(ask, ["Yes", "No"], 0 if value else 1)
        else:
            submit = self.begin if last else self._next
            widget = TextField(ask, str(value), max_length=MAX_ANSWER_LENGTH, on_submit=submit)
        self.fields[var.id] = widget
        return widget

    def _picture(self, names: tuple[str, ...]) -> Callable[[int, int], pygame.Surface | None]:
        """Option `i`'s portrait at a height (a missing file shows the option without one)."""
        return lambda i, height: self.app.assets.portrait(names[i], height)

    def _next(self) -> None:
        self.group.move(+1)
        if self.focused is not None:
            self.column.ensure_visible(self.focused)

    def collect(self) -> dict[str, Value]:
        """The answers as the story's values (blank or unreadable ones are left to the default)."""
        out: dict[str, Value] = {}
        for question in questions(self.app.story):
            widget = self.fields[question.id]
            reply = widget.options[widget.index] if isinstance(widget, RadioRow) else widget.value
            value = read_answer(question, reply).value
            if value is not None:
                out[question.id] = value
        return out

    def begin(self) -> None:
        """Start the story with these answers."""
        self.app.nav.begin_game(self.collect())
