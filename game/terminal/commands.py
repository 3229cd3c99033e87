"""The terminal's commands in one table: the names typed, and the help shown for them.

`TextGame` dispatches these names and `?` prints `help_text()`, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    """One command: every name it answers to (the first is shown), its argument, its help."""

    names: tuple[str, ...]
    help: str
    argument: str = ""

    @property
    def usage(self) -> str:
        """How the help shows it: "u", "s [slot]"."""
        return f"{self.names[0]} {self.argument}".rstrip()


COMMANDS: tuple[Command, ...] = (
    Command(("u", "undo"), "undo the last choice"),
    Command(("h", "history"), "history"),
    Command(("s", "save"), "save", "[slot]"),
    Command(("l", "load"), "load", "[slot]"),
    Command(("m",), "meters"),
    Command(("?", "help"), "this help"),
    Command(("q", "quit"), "quit (your progress is autosaved)"),
)


# Only with --facilitator: what the window's N, T and the menu's report do, typed.
FACILITATOR_COMMANDS: tuple[Command, ...] = (
    Command(("n", "notes"), "facilitator notes for this prompt"),
    Command(("t", "timer"), "discussion timer: start, or the time left", "[min|pause|reset]"),
    Command(("r", "report"), "write the session report now (and at the end)"),
)


def commands(facilitator: bool) -> tuple[Command, ...]:
    """The commands a game answers to: the facilitator's too with --facilitator."""
    return COMMANDS[:-2] + FACILITATOR_COMMANDS + COMMANDS[-2:] if facilitator else COMMANDS


def help_text(facilitator: bool = False) -> str:
    """The `?` page: how to choose, then one command a line, so it never wraps at 78 columns."""
    shown = commands(facilitator)
    width = max(len(c.usage) for c in shown)
    lines = [f"  {c.usage.ljust(width)}  {c.help}" for c in shown]
    return "\n".join(["Type a choice's number and press Enter. Other commands:", *lines])
