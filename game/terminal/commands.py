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


def help_text() -> str:
    """The `?` page: how to choose, then one command a line, so it never wraps at 78 columns."""
    width = max(len(c.usage) for c in COMMANDS)
    lines = [f"  {c.usage.ljust(width)}  {c.help}" for c in COMMANDS]
    return "\n".join(["Type a choice's number and press Enter. Other commands:", *lines])
