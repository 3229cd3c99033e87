"""The player's own keys: some of KEY_TABLE's actions moved to keys the player chose.

Settings keep `(action name, key name)` pairs for the actions moved off their defaults; this
module reads them, refuses a key another action already uses, and builds the table in force
(KEY_TABLE with those actions' chords and labels replaced). Key names are pygame's constant
names without `K_`, lower case ("backspace", "k"), with "ctrl+" in front for Ctrl chords.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import pygame

from .keys import KEY_TABLE, Chord, KeyAction, Mods, Scope

# The actions a player may move. Space/Enter (advance), Esc (menu) and F1 (help) stay put:
# every page uses them, so they are how a player gets out of a binding gone wrong.
REMAPPABLE = (
    "step_back",
    "undo",
    "history",
    "skip",
    "auto",
    "hide",
    "quick_save",
    "quick_load",
    "fullscreen",
)

TITLES = {
    "step_back": "Step back",
    "undo": "Undo",
    "history": "History",
    "skip": "Skip",
    "auto": "Auto-advance",
    "hide": "Hide the text",
    "quick_save": "Quick save",
    "quick_load": "Quick load",
    "fullscreen": "Full screen",
}

# The widgets' own keys (focus, settings, scrolling, choices), by their KEY_TABLE action.
_DIGITS = tuple(range(pygame.K_1, pygame.K_9 + 1)) + tuple(range(pygame.K_KP1, pygame.K_KP9 + 1))
WIDGET_KEYS: dict[str, tuple[int, ...]] = {
    "pick": _DIGITS,
    "move": (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB),
    "change": (pygame.K_LEFT, pygame.K_RIGHT),
    "scroll": (pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME, pygame.K_END),
}

# Pressing only a modifier waits for the real key (Ctrl is also "hold to skip").
MODIFIER_KEYS = frozenset(
    {
        pygame.K_LCTRL,
        pygame.K_RCTRL,
        pygame.K_LSHIFT,
        pygame.K_RSHIFT,
        pygame.K_LALT,
        pygame.K_RALT,
        pygame.K_LMETA,
        pygame.K_RMETA,
        pygame.K_LGUI,
        pygame.K_RGUI,
        pygame.K_CAPSLOCK,
        pygame.K_NUMLOCK,
        pygame.K_MODE,
    }
)

_CODES: dict[str, int] = {
    n[2:].lower(): getattr(pygame, n) for n in dir(pygame) if n.startswith("K_")
}
_NAMES: dict[int, str] = {}
for _name, _code in sorted(_CODES.items()):
    _NAMES.setdefault(_code, _name)

# Labels as the help page writes them, where pygame's names differ.
_LABELS = {"return": "Enter", "escape": "Esc", "pageup": "PgUp", "pagedown": "PgDn"}

DAMAGED = "Your own keys in the settings could not be used, so the default keys are back."


@dataclass(frozen=True, slots=True)
class Binding:
    """A key, with or without Ctrl."""

    key: int
    ctrl: bool = False

    @property
    def name(self) -> str:
        """How settings keep it: "k", "ctrl+s"."""
        return ("ctrl+" if self.ctrl else "") + _NAMES.get(self.key, str(self.key))

    @property
    def label(self) -> str:
        """How the help and the keys page show it: "K", "Ctrl+S", "Backspace"."""
        base = _NAMES.get(self.key, str(self.key))
        word = _LABELS.get(base) or (
            base.upper() if len(base) == 1 else base.replace("kp_", "keypad ").title()
        )
        return f"Ctrl+{word}" if self.ctrl else word

    def chord(self) -> Chord:
        """The chord that triggers it; a key without Ctrl leaves typing alone."""
        return Chord(self.key, mods=Mods.CTRL if self.ctrl else Mods.PLAIN, while_typing=self.ctrl)


def parse(name: str) -> Binding | None:
    """A setting's key name as a binding, or None when it names no key."""
    ctrl = name.startswith("ctrl+")
    code = _CODES.get(name.removeprefix("ctrl+"))
    return None if code is None else Binding(code, ctrl)


def from_event(key: int, mod: int) -> Binding:
    """The binding a key press asks for."""
    return Binding(key, bool(mod & pygame.KMOD_CTRL))


def _by_name() -> dict[str, KeyAction]:
    return {a.name: a for a in KEY_TABLE}


def default_bindings() -> dict[str, Binding]:
    """Each remappable action's key as KEY_TABLE has it."""
    table = _by_name()
    out: dict[str, Binding] = {}
    for name in REMAPPABLE:
        chord = table[name].chords[0]
        assert chord.key is not None, name
        out[name] = Binding(chord.key, chord.mods is Mods.CTRL)
    return out


def _hits(chord: Chord, binding: Binding) -> bool:
    if chord.key != binding.key:
        return False
    if chord.mods is Mods.CTRL:
        return binding.ctrl
    if chord.mods in (Mods.PLAIN, Mods.NO_CTRL):
        return not binding.ctrl
    return True


def _fixed_owner(binding: Binding, facilitator: bool) -> str | None:
    """The name of the action that is not remappable and uses `binding`, if any."""
    for action in KEY_TABLE:
        if action.name in REMAPPABLE:
            continue
        if action.scope is Scope.FACILITATOR and not facilitator:
            continue
        if any(_hits(c, binding) for c in action.chords):
            return action.name
    for name, codes in WIDGET_KEYS.items():
        if binding.key in codes and not binding.ctrl:
            return name
    return None


def title(name: str) -> str:
    """An action's name as the keys page and its messages say it."""
    return TITLES.get(name, name.replace("_", " ").capitalize())


def conflict(
    bindings: dict[str, Binding], action: str, binding: Binding, *, facilitator: bool = False
) -> str | None:
    """The action other than `action` that already uses `binding`, or None when it is free."""
    for other, used in bindings.items():
        if other != action and used == binding:
            return other
    return _fixed_owner(binding, facilitator)


def read(pairs: tuple[tuple[str, str], ...]) -> dict[str, Binding] | None:
    """All remappable actions' bindings with the settings' pairs applied; None when a pair
    names no action or key, or two actions would share a key."""
    defaults = default_bindings()
    bindings = dict(defaults)
    for action, name in pairs:
        binding = parse(name)
        if action not in bindings or binding is None:
            return None
        bindings[action] = binding
    for action, binding in bindings.items():
        # A default key is always the action's own (History's PgUp is also a page key).
        if binding != defaults[action] and conflict(bindings, action, binding) is not None:
            return None
    return bindings


def to_pairs(bindings: dict[str, Binding]) -> tuple[tuple[str, str], ...]:
    """The settings' pairs for `bindings`: only the actions moved off their default."""
    defaults = default_bindings()
    return tuple(sorted((a, b.name) for a, b in bindings.items() if defaults.get(a) != b))


def _rebound(action: KeyAction, binding: Binding) -> KeyAction:
    """`action` on `binding`: the label of its old key replaced, the others ("Hold Ctrl") kept."""
    old = {Binding(c.key, c.mods is Mods.CTRL).label for c in action.chords if c.key is not None}
    labels = [binding.label if label in old else label for label in action.labels]
    labels = list(dict.fromkeys(labels))  # a key shown once even if two old labels matched
    if binding.label not in labels:
        labels.insert(0, binding.label)
    return replace(action, labels=tuple(labels), chords=(binding.chord(),))


@functools.cache
def table(pairs: tuple[tuple[str, str], ...]) -> tuple[KeyAction, ...]:
    """KEY_TABLE with the player's keys (the defaults when `pairs` cannot be used)."""
    bindings = read(pairs)
    if not pairs or bindings is None:
        return KEY_TABLE
    defaults = default_bindings()
    return tuple(
        _rebound(a, bindings[a.name])
        if a.name in bindings and bindings[a.name] != defaults[a.name]
        else a
        for a in KEY_TABLE
    )
