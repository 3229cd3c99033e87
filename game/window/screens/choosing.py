"""What the scene shows at a choice: the options, the line they answer, the Discuss card."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ..host import Host
from ..theme import Color, Role, TextStyle, parse_hex
from ..widgets import Card, CardLine, ChoiceList, Column, TextBox

if TYPE_CHECKING:  # annotations only: the title screen starts without the game's runner
    from game.engine.runner import Runner


class ChoosingView(Protocol):
    """What `show_choices` sets on the scene screen."""

    app: Host
    box: TextBox
    show_box: bool
    answered: str
    answered_by: str | None
    choices: ChoiceList | None
    discuss: Column | None

    def _pick(self, index: int) -> None: ...

    def dismiss_discussion(self) -> None: ...


STUCK = "There is no way on from here — the story is stuck. Press Backspace to go back."


def speaker_colour(text: str | None) -> Color | None:
    """A character's "#rrggbb" colour, or None (an unreadable colour is no reason to stop)."""
    if not text:
        return None
    try:
        return parse_hex(text)
    except ValueError:
        return None


def discuss_card(prompt: str, on_click: Callable[[], None]) -> Column:
    """The facilitator's Discuss card: the prompt, until the group is ready to choose."""
    hint = "Press C or Enter, or click this card, when the group is ready to choose."
    card = Card(
        "Discuss",
        [CardLine(prompt, TextStyle.BODY), CardLine(hint, TextStyle.SMALL, Role.MUTED_TEXT)],
        title_style=TextStyle.HEADING,
        stripe=Role.ACCENT,
        on_click=on_click,
    )
    return Column([card], center=True)


def show_choices(view: ChoosingView, runner: Runner) -> None:
    """At a choice: the options, the line they answer (or STUCK), and the Discuss card."""
    history = runner.history
    last = history[-1] if history else None
    view.answered_by = None
    if not runner.options:
        view.answered = STUCK
        view.box.set_text(STUCK, reveal=False)
    elif last is not None and last.kind == "line":
        # The line the choices answer stays on screen while the player decides.
        view.answered, view.answered_by = last.text, last.name
        view.box.set_text(last.text, last.name, speaker_colour(last.color), reveal=False)
    else:
        view.show_box = False
    view.choices = ChoiceList([o.text for o in runner.options], view._pick)
    prompt = runner.prompt
    if view.app.options.facilitator and prompt:
        view.discuss = discuss_card(prompt, view.dismiss_discussion)
