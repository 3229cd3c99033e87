"""What if?: the game's decisions on a timeline (pick one to go back to) and two games side by
side. The engine (game/engine/whatif.py) replays and compares; these pages only show it."""

from __future__ import annotations

from collections.abc import Callable

from game.engine.templates import quotation
from game.engine.whatif import Comparison, ReplayError, Side, Turn, timeline

from ..host import Host
from ..rewind import open_compare, what_if
from ..slots import slot_title
from ..theme import Role, TextStyle, tone_role
from ..widgets import Button, Card, CardLine, Pair, Paragraph, Widget
from .common import PageScreen, footer_button
from .pages import TONE_WORDS

TIMELINE_INTRO = (
    "Pick a decision to go back to and choose another way. This game is kept: it is saved "
    "on its own, and you can compare the two ways at the end."
)
CANNOT_REPLAY = "This game cannot be replayed: {why}."
NO_DECISIONS = "No decision has been made yet in this game."
FIRST, SECOND = "First way", "What if…"


def turn_lines(turn: Turn) -> list[CardLine]:
    """What a decision on the timeline says: the line before it, the choice, the others."""
    lines: list[CardLine] = []
    if turn.before:
        lines.append(CardLine(turn.before, colour=Role.MUTED_TEXT))
    lines.append(CardLine(f"You chose {quotation(turn.choice)}"))
    others = [o for i, o in enumerate(turn.options) if i != turn.chosen]
    lines += [CardLine(f"or {quotation(o)}", colour=Role.MUTED_TEXT) for o in others]
    if not others:
        lines.append(CardLine("There was no other way here.", colour=Role.MUTED_TEXT))
    return lines


class TimelineScreen(PageScreen):
    """Every decision of the game in progress, oldest first, each a card to go back to."""

    backdrop = "overlay"

    def __init__(self, app: Host) -> None:
        runner = app.runner
        body: list[Widget] = [Paragraph(TIMELINE_INTRO, TextStyle.LABEL)]
        footer: list[Button] = []
        if app.session.aside:
            footer.append(footer_button("Compare the two ways", lambda: open_compare(app)))
        try:
            turns = timeline(app.story, runner.state) if runner is not None else ()
        except ReplayError as err:
            turns = ()
            body = [Paragraph(CANNOT_REPLAY.format(why=err), TextStyle.BODY)]
        if not turns and len(body) == 1 and runner is not None and not runner.state.decisions:
            body = [Paragraph(NO_DECISIONS, TextStyle.BODY)]
        self.turns = turns
        for turn in turns:
            body.append(
                Card(
                    f"Decision {turn.number} · {turn.chapter}",
                    turn_lines(turn),
                    on_click=self._go(app, turn.number),
                    enabled=len(turn.options) > 1,
                )
            )
        close = footer_button("Close", self.back)
        footer.append(close)
        # Focus starts on Close: a second Enter from the ending page must not rewind anything.
        super().__init__(app, "What if?", body, footer, primary=close)
        self._opened = False

    @staticmethod
    def _go(app: Host, number: int) -> Callable[[], None]:
        return lambda: what_if(app, number)

    def relayout(self) -> None:
        """Lay out; the first time, show the newest decision (the likeliest to retry)."""
        super().relayout()
        if not self._opened:
            self._opened = True
            self.column.ensure_visible(self.column.widgets[-1])  # its top when it is taller


def side_card(side: Side, name: str, split: int) -> Card:
    """One game's column: its ending, the choice where it parted, the lessons kept and missed."""
    lines: list[CardLine] = []
    if side.tone is not None:
        tone = TONE_WORDS.get(side.tone.value, side.tone.value)
        apart = f": they end {side.outcome.value}" if side.outcome is not None else ""
        lines.append(CardLine(f"{tone} ending{apart}.", colour=Role.MUTED_TEXT))
    if split:
        lines.append(CardLine(f"At decision {split}: {quotation(side.choices[split - 1])}"))
    lines.append(CardLine(f"Lessons kept: {', '.join(side.kept) or 'none'}."))
    lines.append(CardLine(f"Lessons missed: {', '.join(side.missed) or 'none'}."))
    return Card(
        side.ending or "Not over yet",
        lines,
        badge=name,
        stripe=tone_role(side.tone.value) if side.tone is not None else None,
        title_style=TextStyle.HEADING,
    )


class CompareScreen(PageScreen):
    """The game set aside last (left) beside the game now (right): where they part, how each
    ended, and the lessons kept and missed in each."""

    backdrop = "image"

    def __init__(self, app: Host, result: Comparison, aside_slot: str) -> None:
        self.result = result
        first, second = result.first, result.second
        body: list[Widget] = []
        if result.split:
            where = f"The two ways part at decision {result.split} ({result.chapter})."
        else:
            where = "One game went further along the same way as the other."
        body.append(Paragraph(where, TextStyle.BODY))
        body.append(apart_card(result))  # first: what the room will want to talk about
        n = result.split
        body.append(Pair(side_card(first, FIRST, n), side_card(second, SECOND, n)))
        body.append(
            Paragraph(
                f"The first way is kept: Load shows it as “{slot_title(aside_slot)}”.",
                TextStyle.SMALL,
                colour=Role.MUTED_TEXT,
            )
        )
        super().__init__(app, "Two ways compared", body, [footer_button("Close", self.back)])


STANDING = {True: "kept", False: "missed", None: "not met"}


def apart_card(result: Comparison) -> Card:
    """The lessons the two ways stand differently on, one line each."""
    lines = [
        CardLine(
            f"{a.title}: {STANDING[a.first]} the first way, {STANDING[a.second]} in the what-if."
        )
        for a in result.apart
    ]
    if not lines:
        same = "the same ending and " if result.same_ending else ""
        lines = [CardLine(f"Both ways reached {same}the same lessons.")]
    return Card("Where the lessons differ", lines, stripe=Role.ACCENT)
