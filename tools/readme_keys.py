"""Print README's key tables from the window's one key table (game/window/keys.py).

Run it after changing a key and paste the output over README's tables; tests/test_readme.py
fails while README and the table disagree.
"""

from __future__ import annotations

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from game.window.keys import KEY_TABLE, Scope


def _sentence(text: str) -> str:
    text = text.removeprefix("Facilitator: ")
    return text[:1].upper() + text[1:]


def table(scopes: tuple[Scope, ...]) -> str:
    """A Markdown table of the actions in `scopes`, in the key table's order."""
    rows = ["| key | does |", "|---|---|"]
    rows += [
        f"| {', '.join(a.labels)} | {_sentence(a.help)} |" for a in KEY_TABLE if a.scope in scopes
    ]
    return "\n".join(rows)


PLAYER = (Scope.SCENE, Scope.WIDGETS, Scope.WINDOW)
FACILITATOR = (Scope.FACILITATOR,)

if __name__ == "__main__":
    print(table(PLAYER))
    print()
    print(table(FACILITATOR))
