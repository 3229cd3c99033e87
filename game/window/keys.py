"""Every key the window understands, in one table: what triggers each action, and its help.

The app's window-wide keys and the scene's story keys are dispatched from this table, and the
help page lists it, so a key cannot work without being listed or be listed without working.
Keys that move focus, change a setting or scroll are the widgets' own (they are listed here for
the help page only). Labels are words, not arrow symbols: the dyslexia-friendly font has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pygame


class Scope(Enum):
    """Who handles an action's keys."""

    WINDOW = "window"  # the app, over every screen
    SCENE = "scene"  # the story page
    WIDGETS = "widgets"  # focus, settings and scrolling inside pages (their own code)
    FACILITATOR = "facilitator"  # the facilitator's console (only with --facilitator)


class Mods(Enum):
    """Which modifiers a chord accepts."""

    ANY = "any"
    CTRL = "ctrl"  # Ctrl held (Shift and Alt may be too)
    NO_CTRL = "no_ctrl"
    PLAIN = "plain"  # none of Ctrl, Alt, Meta


@dataclass(frozen=True, slots=True)
class Chord:
    """One way to trigger an action: a key, or a typed character, with some modifiers."""

    key: int | None = None
    text: str | None = None
    mods: Mods = Mods.ANY
    while_typing: bool = True  # False: a text field with focus gets the key instead

    def matches(self, event: pygame.event.Event, typing: bool) -> bool:
        """True when this KEYDOWN event is this chord."""
        if typing and not self.while_typing:
            return False
        hit = (self.key is not None and event.key == self.key) or (
            self.text is not None and getattr(event, "unicode", "") == self.text
        )
        return hit and _mods_match(self.mods, event.mod)


def _mods_match(mods: Mods, mod: int) -> bool:
    if mods is Mods.CTRL:
        return bool(mod & pygame.KMOD_CTRL)
    if mods is Mods.NO_CTRL:
        return not mod & pygame.KMOD_CTRL
    if mods is Mods.PLAIN:
        return not mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META)
    return True


@dataclass(frozen=True, slots=True)
class KeyAction:
    """An action: its name (the handler's key), the keys shown for it, and what it does."""

    name: str
    labels: tuple[str, ...]
    help: str
    scope: Scope
    chords: tuple[Chord, ...] = ()
    story_only: bool = False  # not over the error page, where no game may be running


ACTIVATE_CHORDS = tuple(
    Chord(k, mods=Mods.PLAIN) for k in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER)
)


def _story_ctrl(name: str, key: int, help: str) -> KeyAction:
    """Ctrl+`key` (a letter) over any screen but the error page."""
    label = f"Ctrl+{chr(key).upper()}"
    return KeyAction(name, (label,), help, Scope.WINDOW, (Chord(key, mods=Mods.CTRL),), True)


def _plain(name: str, labels: tuple[str, ...], help: str, *keys: int) -> KeyAction:
    """A facilitator's key pressed without Ctrl, Alt or Meta."""
    chords = tuple(Chord(k, mods=Mods.PLAIN, while_typing=False) for k in keys)
    return KeyAction(name, labels, help, Scope.FACILITATOR, chords, True)


_DIGITS = tuple(range(pygame.K_1, pygame.K_9 + 1)) + tuple(range(pygame.K_KP1, pygame.K_KP9 + 1))

# The facilitator's console (game/window/facilitator). Shift+T comes before T: the first
# matching action wins, and T's chord accepts Shift.
FACILITATOR_KEYS: tuple[KeyAction, ...] = (
    _plain("blank", ("B",), "Facilitator: blank the screen; any key brings it back", pygame.K_b),
    KeyAction(
        "timer_reset",
        ("Shift+T",),
        "Facilitator: reset the discussion timer",
        Scope.FACILITATOR,
        (Chord(text="T", mods=Mods.PLAIN, while_typing=False),),
        True,
    ),
    _plain("timer", ("T",), "Facilitator: start or pause the discussion timer", pygame.K_t),
    _plain("meters", ("M",), "Facilitator: show the meters now (M or Esc hides them)", pygame.K_m),
    _plain("notes", ("N",), "Facilitator: notes for this prompt (N or Esc hides them)", pygame.K_n),
    _plain("reveal", ("C",), "Facilitator: show the choices after the Discuss card", pygame.K_c),
    _plain("vote_open", ("O",), "Facilitator: open a class vote on this choice", pygame.K_o),
    _plain(
        "vote_close",
        ("L", "Enter"),
        "Facilitator: close the vote; again to take the winning choice",
        pygame.K_l,
        pygame.K_RETURN,
        pygame.K_KP_ENTER,
    ),
    _plain("vote_cancel", ("X",), "Facilitator: cancel the vote", pygame.K_x),
    _plain("vote_rerun", ("R",), "Facilitator: run the vote again from zero", pygame.K_r),
    _plain(
        "vote_settle",
        ("1–9",),
        "Facilitator: after a vote, take that choice (a tie or a veto)",
        *_DIGITS,
    ),
)

KEY_TABLE: tuple[KeyAction, ...] = (
    KeyAction(
        "advance",
        ("Space", "Enter", "Click"),
        "Show the whole line at once; then go on",
        Scope.SCENE,
        ACTIVATE_CHORDS,
    ),
    KeyAction("pick", ("1–9",), "Pick that choice", Scope.WIDGETS),
    KeyAction("move", ("Up", "Down", "Tab"), "Move between choices and buttons", Scope.WIDGETS),
    KeyAction("change", ("Left", "Right"), "Change the highlighted setting", Scope.WIDGETS),
    KeyAction("activate", ("Enter",), "Pick the highlighted choice or button", Scope.WIDGETS),
    KeyAction(
        "step_back",
        ("Backspace",),
        "Step back one line (again and again, to the start)",
        Scope.SCENE,
        (Chord(pygame.K_BACKSPACE, mods=Mods.PLAIN),),
    ),
    KeyAction(
        "undo",
        ("Ctrl+Z",),
        "Undo your last choice: its choices are shown again",
        Scope.SCENE,
        (Chord(pygame.K_z, mods=Mods.CTRL),),
    ),
    KeyAction(
        "history",
        ("PgUp", "Wheel up"),
        "History: everything said and chosen",
        Scope.SCENE,
        (Chord(pygame.K_PAGEUP, mods=Mods.PLAIN),),
    ),
    KeyAction(
        "menu",
        ("Esc", "Right click"),
        "Menu; closes any page or window on top",
        Scope.SCENE,
        (Chord(pygame.K_ESCAPE),),
    ),
    KeyAction(
        "skip",
        ("Hold Ctrl", "S"),
        "Skip lines already read (S: on until a choice or a new line)",
        Scope.SCENE,
        (Chord(pygame.K_s, mods=Mods.PLAIN),),
    ),
    KeyAction(
        "auto",
        ("A",),
        "Auto-advance on or off",
        Scope.SCENE,
        (Chord(pygame.K_a, mods=Mods.PLAIN),),
    ),
    KeyAction(
        "hide",
        ("H",),
        "Hide the text to view the picture; any key brings it back",
        Scope.SCENE,
        (Chord(pygame.K_h, mods=Mods.PLAIN),),
    ),
    KeyAction(
        "self_voicing",
        ("V",),
        "Self-voicing on or off: the game reads the screen aloud",
        Scope.WINDOW,
        (Chord(pygame.K_v, mods=Mods.PLAIN, while_typing=False),),
    ),
    _story_ctrl("quick_save", pygame.K_s, "Quick save"),
    _story_ctrl("quick_load", pygame.K_l, "Quick load"),
    KeyAction(
        "fullscreen", ("F11",), "Full screen on or off", Scope.WINDOW, (Chord(pygame.K_F11),)
    ),
    KeyAction(
        "help",
        ("F1", "?"),
        "This help",
        Scope.WINDOW,
        (
            Chord(pygame.K_F1),
            Chord(text="?", mods=Mods.NO_CTRL, while_typing=False),
            Chord(pygame.K_QUESTION, mods=Mods.NO_CTRL, while_typing=False),
        ),
    ),
    KeyAction(
        "scroll", ("PgUp", "PgDn"), "Scroll long pages (history, endings, help)", Scope.WIDGETS
    ),
    _story_ctrl("reload", pygame.K_r, "Reload the story files (for authors)"),
    *FACILITATOR_KEYS,
)

# Held keys repeat for moving, scrolling and deleting; choosing keys never do (see the app).
REPEATING_KEYS = frozenset(
    {
        pygame.K_BACKSPACE,
        pygame.K_DELETE,
        pygame.K_UP,
        pygame.K_DOWN,
        pygame.K_LEFT,
        pygame.K_RIGHT,
        pygame.K_PAGEUP,
        pygame.K_PAGEDOWN,
    }
)


def actions(scope: Scope, table: tuple[KeyAction, ...] = KEY_TABLE) -> tuple[KeyAction, ...]:
    """The table's actions handled by `scope`, in table order."""
    return tuple(a for a in table if a.scope is scope)


def action_for(
    event: pygame.event.Event,
    scope: Scope,
    *,
    typing: bool = False,
    story: bool = True,
    table: tuple[KeyAction, ...] = KEY_TABLE,
) -> str | None:
    """The name of the `scope` action this KEYDOWN event triggers, or None.

    `story` False leaves out the actions that need a game (over the error page); `table` is
    the one in force (the player's own keys, see keymap.py).
    """
    for action in actions(scope, table):
        if action.story_only and not story:
            continue
        if any(chord.matches(event, typing) for chord in action.chords):
            return action.name
    return None
