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

_PER_ROW = 4


def help_text() -> str:
    """The `?` page: how to choose, then the commands in aligned columns."""
    cells = [f"{c.usage}  {c.help}" for c in COMMANDS]
    rows = [cells[i : i + _PER_ROW] for i in range(0, len(cells), _PER_ROW)]
    # A row's last cell needs no padding, so it does not widen its column.
    widths = [
        max((len(row[col]) for row in rows if col < len(row) - 1), default=0)
        for col in range(_PER_ROW)
    ]
    lines = [
        "  " + "    ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
    return "\n".join(["Type a choice's number and press Enter.  Other commands:", *lines])
