"""Chapter select (facilitator menu): start a new game at one of the story's checkpoints, so a
lesson can begin at chapter 3. The story declares its checkpoints; the engine starts there."""

from __future__ import annotations

from collections.abc import Callable

from game.engine.model import Story
from game.engine.templates import render_at_start

from ..host import Host
from ..screens.common import PageScreen, footer_button
from ..theme import Role, TextStyle
from ..widgets import Card, CardLine, Paragraph, Widget

NO_CHECKPOINTS = (
    "This story declares no checkpoints, so every game starts at the beginning. "
    "Its author can add them under “checkpoints:” in story.yaml (see docs/format.md)."
)
KEPT = "The game in progress is kept: Load shows it as the earlier autosave."


def menu_label(story: Story) -> str:
    """The facilitator menu's item: says plainly when there is nothing to pick."""
    count = len(story.checkpoints)
    if not count:
        return "Start at a chapter (none)"  # one line on a 1280x720 projector
    return f"Start at a chapter ({count})…"


class ChapterScreen(PageScreen):
    """The beginning and every checkpoint of the story, each a card that starts a new game."""

    backdrop = "overlay"
    grid = True

    def __init__(self, app: Host) -> None:
        story = app.story
        body: list[Widget] = []
        if not story.checkpoints:
            body.append(Paragraph(NO_CHECKPOINTS, TextStyle.BODY))
        else:
            intro = "A new game from the start of a chapter. The questions come first."
            if app.runner is not None:
                intro += " " + KEPT
            body.append(Paragraph(intro, TextStyle.LABEL, colour=Role.MUTED_TEXT))
            if all(c.scene != story.start for c in story.checkpoints):
                body.append(Card("The beginning", [], on_click=self._start(app, None)))
            for checkpoint in story.checkpoints:
                title = render_at_start(checkpoint.title, story)
                chapter = story.scenes[checkpoint.scene].chapter
                name = story.chapter_names.get(chapter)
                where = render_at_start(name, story) if name is not None else chapter
                lines = [] if where in title else [CardLine(where, colour=Role.MUTED_TEXT)]
                body.append(Card(title, lines, on_click=self._start(app, checkpoint.id)))
        back = footer_button("Back", self.back)
        # Focus starts on Back: a stray Enter must not leave the game in progress.
        super().__init__(app, "Start at a chapter", body, [back], primary=back)

    @staticmethod
    def _start(app: Host, checkpoint: str | None) -> Callable[[], None]:
        return lambda: app.nav.start_at(checkpoint)
