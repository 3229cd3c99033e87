"""Scripted, headless play: a tiny command language for tests, benchmarks and playtests.

One command a line; blank lines and lines starting with `#` are ignored, and a `#` after
whitespace starts a comment (except in `type`, whose text is the rest of the line):

    wait 1.5          advance the simulated clock, processing frames (no real sleep)
    sleep 2           real time, normal loop
    key ctrl+s        a pygame key name with optional ctrl+ / shift+ / alt+ prefixes
    type Sam Lee      the rest of the line as typed text
    click 640 360     a left click at a window position
    click "New game"  a click on the button or item showing that label
    scroll 3          the mouse wheel; positive scrolls up
    resize 1024 768
    shot title        writes SHOTS/title.png
    advance           read on (Space) until choices or an ending show
    choose 2          pick the 2nd choice shown (1 to 9, as the number keys do)
    quit

The whole language is documented in docs/testing.md. `parse_script` checks everything it can
before anything runs; `run_script` drives any
`ScriptDriver` (the app in headless mode, a recording fake in tests).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pygame

MODIFIERS = ("ctrl", "shift", "alt")
_SHOT_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
# Where a trailing comment starts: a "#" after whitespace.
_COMMENT = re.compile(r"\s#")


class ScriptError(Exception):
    """A script problem, shown as `source:line: message` like a compiler error."""

    def __init__(self, message: str, line: int, source: str = "script") -> None:
        super().__init__(f"{source}:{line}: {message}")
        self.message = message
        self.line = line
        self.source = source


# --- commands ----------------------------------------------------------------------------------
# `line` is where the command came from; it is left out of equality so tests compare meaning.


@dataclass(frozen=True)
class Wait:
    """Advance the simulated clock by `seconds`, processing frames."""

    seconds: float
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Sleep:
    """Let `seconds` of real time pass in the normal loop."""

    seconds: float
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Key:
    """Press and release a key: `name` as `pygame.key.key_code` accepts it (lower case)."""

    name: str
    mods: frozenset[str] = frozenset()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Type:
    """Type `text` (text input events)."""

    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Click:
    """Left click at window position (x, y)."""

    x: int
    y: int
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ClickLabel:
    """Left click on the button or item showing `label`."""

    label: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Scroll:
    """Turn the mouse wheel `n` notches (positive = up)."""

    n: int
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Resize:
    """Resize the window to `w` × `h`."""

    w: int
    h: int
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Shot:
    """Save a screenshot as `<shots dir>/<name>.png`."""

    name: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Choose:
    """Pick the `n`th choice shown (1-based), as its number key does."""

    n: int
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Advance:
    """Read on until choices or an ending show."""

    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Quit:
    """End the run (the rest of the script is not played)."""

    line: int = field(default=0, compare=False)


Input = Wait | Sleep | Key | Type | Click | ClickLabel | Scroll | Resize | Shot
Command = Input | Choose | Advance | Quit
# Number keys pick choices 1 to 9; a tenth has no key.
MAX_CHOICE = 9


# --- parsing -----------------------------------------------------------------------------------


def key_name_ok(name: str) -> bool:
    """Whether `pygame.key.key_code` knows `name` (works before pygame.init, no display needed)."""
    with warnings.catch_warnings():
        # Without an initialised display pygame warns that names *may* be read differently;
        # SDL's table of key names does not depend on the display, so the check still holds.
        warnings.simplefilter("ignore")
        try:
            pygame.key.key_code(name)
        except ValueError:
            return False
    return True


def _split_key(spec: str) -> tuple[str, frozenset[str]]:
    """ "ctrl+shift+s" -> ("s", {"ctrl", "shift"}); "+" and "ctrl++" keep the plus key."""
    mods: set[str] = set()
    rest = spec
    while True:
        head, plus, tail = rest.partition("+")
        if plus and tail and head.lower() in MODIFIERS:
            mods.add(head.lower())
            rest = tail
        else:
            return rest.lower(), frozenset(mods)


def _strip_comment(text: str) -> str:
    match = _COMMENT.search(text)
    return (text[: match.start()] if match else text).strip()


def _number(word: str, what: str, line: int, source: str) -> float:
    try:
        value = float(word)
    except ValueError:
        raise ScriptError(f"{what} must be a number, not {word!r}", line, source) from None
    if not math.isfinite(value) or value < 0:
        raise ScriptError(f"{what} must be a number of 0 or more, not {word!r}", line, source)
    return value


def _integer(
    word: str,
    what: str,
    line: int,
    source: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    try:
        value = int(word)
    except ValueError:
        raise ScriptError(f"{what} must be a whole number, not {word!r}", line, source) from None
    if minimum is not None and value < minimum:
        raise ScriptError(f"{what} must be at least {minimum}, not {value}", line, source)
    if maximum is not None and value > maximum:
        raise ScriptError(f"{what} must be at most {maximum}, not {value}", line, source)
    return value


def _quoted(text: str, line: int, source: str) -> tuple[str, str]:
    """Split `"label" rest` into (label, rest); `\\"` and `\\\\` escape inside the quotes."""
    out: list[str] = []
    i = 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
        elif ch == '"':
            return "".join(out), text[i + 1 :]
        else:
            out.append(ch)
            i += 1
    raise ScriptError(f"the label {text} is missing its closing quote", line, source)


def _parse_line(raw: str, line: int, source: str) -> Command | None:
    stripped = raw.strip()
    if not stripped or stripped.startswith("#"):
        return None
    word = stripped.split(None, 1)[0]
    name = word.lower()
    # Everything after the command word and the one blank that ends it.
    after_word = raw.lstrip()[len(word) + 1 :]
    rest = after_word.strip()

    def error(message: str) -> ScriptError:
        return ScriptError(message, line, source)

    def args(count: int, usage: str) -> list[str]:
        # The blank in front lets a comment start right after the command word (`quit  # done`).
        words = _strip_comment(" " + rest).split()
        if len(words) != count:
            raise error(f"usage: {usage}")
        return words

    if name == "type":
        # Everything after "type " is the text, "#" included: players type what they type.
        text = after_word
        if not text:
            raise error("usage: type TEXT")
        return Type(text, line)
    if name in ("wait", "sleep"):
        (seconds,) = args(1, f"{name} SECONDS")
        value = _number(seconds, f"{name} SECONDS", line, source)
        return Wait(value, line) if name == "wait" else Sleep(value, line)
    if name == "key":
        if rest.startswith("#"):  # the "#" key itself, perhaps followed by a comment
            spec, trailing = "#", _strip_comment(" " + rest[1:])
            if trailing:
                raise error(f"unexpected text after the key name: {trailing!r}")
        else:
            # Key names may have spaces ("page up", "left ctrl"); blanks inside count as one.
            spec = " ".join(_strip_comment(rest).split())
        if not spec:
            raise error("usage: key NAME (for example key space, key ctrl+s)")
        key, mods = _split_key(spec)
        if not key_name_ok(key):
            raise error(f"unknown key name {key!r} (use a pygame key name: space, return, f11…)")
        return Key(key, mods, line)
    if name == "click":
        if rest.startswith('"'):
            label, after = _quoted(rest, line, source)
            if _strip_comment(" " + after):
                raise error(f"unexpected text after the label: {after.strip()!r}")
            if not label:
                raise error("click needs a label between the quotes")
            return ClickLabel(label, line)
        words = _strip_comment(rest).split()
        if len(words) != 2 or not all(re.fullmatch(r"[+-]?\d+", w) for w in words):
            raise error('usage: click X Y, or click "LABEL" with the label in double quotes')
        x = _integer(words[0], "X", line, source, minimum=0)
        y = _integer(words[1], "Y", line, source, minimum=0)
        return Click(x, y, line)
    if name == "scroll":
        (n,) = args(1, "scroll N (positive scrolls up)")
        return Scroll(_integer(n, "scroll N", line, source), line)
    if name == "resize":
        w, h = args(2, "resize WIDTH HEIGHT")
        return Resize(
            _integer(w, "WIDTH", line, source, minimum=1),
            _integer(h, "HEIGHT", line, source, minimum=1),
            line,
        )
    if name == "shot":
        (shot,) = args(1, "shot NAME")
        shot = shot.removesuffix(".png")
        if not _SHOT_NAME.fullmatch(shot):
            raise error(f"shot name {shot!r} must be letters, digits, '_', '-' or '.'")
        return Shot(shot, line)
    if name == "choose":
        (n,) = args(1, f"choose N (the Nth choice shown, 1 to {MAX_CHOICE})")
        return Choose(_integer(n, "choose N", line, source, minimum=1, maximum=MAX_CHOICE), line)
    if name == "advance":
        args(0, "advance (no arguments: it reads on to the next choices or the ending)")
        return Advance(line)
    if name == "quit":
        args(0, "quit")
        return Quit(line)
    raise error(
        f"unknown command {word!r} (wait, sleep, key, type, click, scroll, resize, shot, "
        "advance, choose or quit)"
    )


def parse_script(text: str, *, source: str = "script") -> list[Command]:
    """Every command in `text`; raises ScriptError at the first bad line."""
    commands: list[Command] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        command = _parse_line(raw, number, source)
        if command is not None:
            commands.append(command)
    return commands


def load_script(path: Path) -> list[Command]:
    """Read and parse a script file; errors are named after the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError(f"cannot read the script ({exc})", 0, str(path)) from None
    return parse_script(text, source=str(path))


# --- running -----------------------------------------------------------------------------------


class ScriptDriver(Protocol):
    """What a script needs from the window. The driver turns each call into real input.

    Posted input is handled on the driver's next frame; `shot` draws whatever is pending first.
    """

    def post_key(self, name: str, mods: frozenset[str]) -> None:
        """Press and release `name` (a pygame key name) with "ctrl"/"shift"/"alt" held."""

    def type_text(self, text: str) -> None:
        """Send `text` as typed text."""

    def click(self, x: int, y: int) -> None:
        """Left click at (x, y)."""

    def click_label(self, label: str) -> bool:
        """Click the visible button or item showing `label`; False when there is none."""

    def scroll(self, n: int) -> None:
        """Turn the wheel `n` notches (positive = up)."""

    def resize(self, w: int, h: int) -> None:
        """Resize the window."""

    def step(self, seconds: float) -> None:
        """Advance the simulated clock by `seconds`, running frames as it goes."""

    def sleep(self, seconds: float) -> None:
        """Run the normal loop for `seconds` of real time."""

    def shot(self, path: Path) -> None:
        """Save the current frame as a PNG at `path`."""

    def choose(self, n: int) -> str | None:
        """Pick the `n`th choice shown; why it cannot (no choices, too few), or None."""

    def advance(self) -> str | None:
        """Read on until choices or an ending show; why it cannot, or None."""

    def quit(self) -> None:
        """Close the game."""


def run_script(
    commands: Sequence[Command],
    driver: ScriptDriver,
    shots_dir: Path | None,
    *,
    source: str = "script",
) -> None:
    """Play `commands` through `driver`; stops after `quit`. Raises ScriptError on a bad step."""
    for command in commands:
        if isinstance(command, Wait):
            driver.step(command.seconds)
        elif isinstance(command, Sleep):
            driver.sleep(command.seconds)
        elif isinstance(command, Key):
            driver.post_key(command.name, command.mods)
        elif isinstance(command, Type):
            driver.type_text(command.text)
        elif isinstance(command, Click):
            driver.click(command.x, command.y)
        elif isinstance(command, ClickLabel):
            if not driver.click_label(command.label):
                raise ScriptError(
                    f'no button or item shows the label "{command.label}"', command.line, source
                )
        elif isinstance(command, Scroll):
            driver.scroll(command.n)
        elif isinstance(command, Resize):
            driver.resize(command.w, command.h)
        elif isinstance(command, Shot):
            if shots_dir is None:
                raise ScriptError(
                    f"shot {command.name} needs a folder for screenshots (--shots DIR)",
                    command.line,
                    source,
                )
            shots_dir.mkdir(parents=True, exist_ok=True)
            driver.shot(shots_dir / f"{command.name}.png")
        elif isinstance(command, Choose | Advance):
            problem = driver.choose(command.n) if isinstance(command, Choose) else driver.advance()
            if problem is not None:
                raise ScriptError(problem, command.line, source)
        else:
            driver.quit()
            return
