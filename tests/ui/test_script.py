"""The scripted-play language: each command, comments, key prefixes, errors with line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.window.script import (
    Advance,
    Choose,
    Click,
    ClickLabel,
    Command,
    Key,
    Quit,
    Resize,
    ScriptDriver,
    ScriptError,
    Scroll,
    Shot,
    Sleep,
    Type,
    Wait,
    load_script,
    parse_script,
    run_script,
)


@dataclass
class Recorder:
    """A ScriptDriver that writes down every call; `labels` are the labels it can click."""

    labels: set[str] = field(default_factory=set)
    shown: int = 2  # how many choices `choose` finds on screen
    calls: list[tuple[object, ...]] = field(default_factory=list)

    def post_key(self, name: str, mods: frozenset[str]) -> None:
        self.calls.append(("key", name, mods))

    def type_text(self, text: str) -> None:
        self.calls.append(("type", text))

    def click(self, x: int, y: int) -> None:
        self.calls.append(("click", x, y))

    def click_label(self, label: str) -> bool:
        self.calls.append(("click_label", label))
        return label in self.labels

    def scroll(self, n: int) -> None:
        self.calls.append(("scroll", n))

    def resize(self, w: int, h: int) -> None:
        self.calls.append(("resize", w, h))

    def step(self, seconds: float) -> None:
        self.calls.append(("step", seconds))

    def sleep(self, seconds: float) -> None:
        self.calls.append(("sleep", seconds))

    def shot(self, path: Path) -> None:
        self.calls.append(("shot", path))

    def choose(self, n: int) -> str | None:
        self.calls.append(("choose", n))
        return None if n <= self.shown else f"only {self.shown} choices shown"

    def advance(self) -> str | None:
        self.calls.append(("advance",))
        return None

    def quit(self) -> None:
        self.calls.append(("quit",))


def _is_driver(driver: ScriptDriver) -> ScriptDriver:
    return driver  # mypy checks that Recorder satisfies the protocol


SCRIPT = """\
# Start a new game and look at the first beat.
wait 0.5
key return
key ctrl+s          # quick save
key shift+tab
key ctrl+shift+z
key ?
key F11
key page up
type Sam # not a comment: this is typed
click 640 360
click "New game"
scroll -3
scroll 2
resize 1024 768

sleep 0.25
shot title
quit
key space
"""


def test_every_command_parses() -> None:
    assert parse_script(SCRIPT) == [
        Wait(0.5),
        Key("return"),
        Key("s", frozenset({"ctrl"})),
        Key("tab", frozenset({"shift"})),
        Key("z", frozenset({"ctrl", "shift"})),
        Key("?"),
        Key("f11"),
        Key("page up"),
        Type("Sam # not a comment: this is typed"),
        Click(640, 360),
        ClickLabel("New game"),
        Scroll(-3),
        Scroll(2),
        Resize(1024, 768),
        Sleep(0.25),
        Shot("title"),
        Quit(),
        Key("space"),
    ]


def test_commands_remember_their_lines() -> None:
    commands = parse_script(SCRIPT)
    assert [c.line for c in commands[:3]] == [2, 3, 4]
    assert commands[-3].line == 18  # the blank line and comment still count


def test_run_drives_every_call_in_order_and_stops_at_quit(tmp_path: Path) -> None:
    driver = Recorder(labels={"New game"})
    run_script(parse_script(SCRIPT), _is_driver(driver), tmp_path / "shots")
    assert driver.calls == [
        ("step", 0.5),
        ("key", "return", frozenset()),
        ("key", "s", frozenset({"ctrl"})),
        ("key", "tab", frozenset({"shift"})),
        ("key", "z", frozenset({"ctrl", "shift"})),
        ("key", "?", frozenset()),
        ("key", "f11", frozenset()),
        ("key", "page up", frozenset()),
        ("type", "Sam # not a comment: this is typed"),
        ("click", 640, 360),
        ("click_label", "New game"),
        ("scroll", -3),
        ("scroll", 2),
        ("resize", 1024, 768),
        ("sleep", 0.25),
        ("shot", tmp_path / "shots" / "title.png"),
        ("quit",),
    ]  # "key space" after quit never runs
    assert (tmp_path / "shots").is_dir()  # created for the driver to write into


def test_comments_blank_lines_and_case() -> None:
    text = "\n   \n# a comment\n  # an indented comment\nWAIT 1 # trailing\n\tKey Escape\n"
    assert parse_script(text) == [Wait(1.0), Key("escape")]
    assert parse_script("") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("key +", Key("+")),
        ("key ctrl++", Key("+", frozenset({"ctrl"}))),
        ("key #", Key("#")),
        ("key #  # the hash key", Key("#")),
        ("key shift+#", Key("#", frozenset({"shift"}))),
        ("key alt+1", Key("1", frozenset({"alt"}))),
        ("key CTRL+Shift+Alt+l", Key("l", frozenset({"ctrl", "shift", "alt"}))),
        ("key ctrl+left ctrl", Key("left ctrl", frozenset({"ctrl"}))),
        ("key   page    up  ", Key("page up")),
        ("key pageup", Key("pageup")),
        ("key [1]", Key("[1]")),
    ],
)
def test_key_names_and_prefixes(line: str, expected: Command) -> None:
    assert parse_script(line) == [expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('click "Load"', ClickLabel("Load")),
        ('click "Say \\"hi\\""', ClickLabel('Say "hi"')),
        ('click "a \\\\ b"', ClickLabel("a \\ b")),
        ('click "“I called to say I’m sorry.”"  # curly quotes are label text', None),
        ('click "#1 fan"', ClickLabel("#1 fan")),
        ("click 0 0", Click(0, 0)),
        ("type  two  spaces ", Type(" two  spaces ")),
        ("wait 0", Wait(0.0)),
        ("wait 2.5", Wait(2.5)),
        ("shot title.png", Shot("title")),
        ("shot 01_scene-beat.2", Shot("01_scene-beat.2")),
    ],
)
def test_argument_forms(line: str, expected: Command | None) -> None:
    parsed = parse_script(line)
    if expected is None:
        assert parsed == [ClickLabel("“I called to say I’m sorry.”")]
    else:
        assert parsed == [expected]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("jump 3", 1, "unknown command 'jump'"),
        ("wait\n", 1, "usage: wait SECONDS"),
        ("# fine\nwait soon", 2, "must be a number"),
        ("wait -1", 1, "0 or more"),
        ("wait nan", 1, "0 or more"),
        ("wait inf", 1, "0 or more"),
        ("sleep 1 2", 1, "usage: sleep SECONDS"),
        ("\n\nkey", 3, "usage: key NAME"),
        ("key hyperspace", 1, "unknown key name 'hyperspace'"),
        ("key ctrl+", 1, "unknown key name 'ctrl+'"),
        ("key ctrl+nope", 1, "unknown key name 'nope'"),
        ("key # two", 1, "unexpected text after the key name"),
        ("key #x", 1, "unexpected text after the key name: 'x'"),
        ("type", 1, "usage: type TEXT"),
        ("click", 1, "usage: click X Y"),
        ("click 10", 1, "usage: click X Y"),
        ("click 1.5 2", 1, "usage: click X Y"),
        ("click -1 4", 1, "at least 0"),
        ("click New game", 1, 'click "LABEL"'),
        ('click "New game', 1, "missing its closing quote"),
        ('click "New" game', 1, "unexpected text after the label"),
        ('click ""', 1, "needs a label"),
        ("scroll", 1, "usage: scroll N"),
        ("scroll up", 1, "whole number"),
        ("resize 800", 1, "usage: resize WIDTH HEIGHT"),
        ("resize 0 600", 1, "WIDTH must be at least 1"),
        ("resize 800 x", 1, "HEIGHT must be a whole number"),
        ("shot", 1, "usage: shot NAME"),
        ("shot ../escape", 1, "shot name"),
        ("shot a/b", 1, "shot name"),
        ("quit now", 1, "usage: quit"),
        ("choose", 1, "usage: choose N"),
        ("choose first", 1, "choose N must be a whole number"),
        ("choose 0", 1, "choose N must be at least 1"),
        ("choose 10", 1, "choose N must be at most 9"),
        ("choose 1 2", 1, "usage: choose N"),
        ("advance 3", 1, "usage: advance"),
    ],
)
def test_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ScriptError) as caught:
        parse_script(text, source="demo.txt")
    err = caught.value
    assert err.line == line
    assert fragment in err.message
    assert str(err) == f"demo.txt:{line}: {err.message}"


def test_missing_label_at_run_time_names_label_and_line() -> None:
    commands = parse_script('wait 1\nclick "Continue"\nkey space')
    driver = Recorder(labels={"New game"})
    with pytest.raises(ScriptError) as caught:
        run_script(commands, driver, None, source="play.txt")
    assert caught.value.line == 2
    assert str(caught.value) == 'play.txt:2: no button or item shows the label "Continue"'
    assert driver.calls == [("step", 1.0), ("click_label", "Continue")]  # stopped there


def test_shot_without_a_folder_is_an_error() -> None:
    driver = Recorder()
    with pytest.raises(ScriptError) as caught:
        run_script(parse_script("wait 1\n\nshot title"), driver, None)
    assert caught.value.line == 3 and "--shots" in caught.value.message
    assert ("shot",) not in [c[:1] for c in driver.calls]


def test_load_script_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "play.txt"
    path.write_text("wait 1\nfly away\n", encoding="utf-8")
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    assert str(caught.value).startswith(f"{path}:2: unknown command 'fly'")
    path.write_text("key space\n", encoding="utf-8")
    assert load_script(path) == [Key("space")]
    with pytest.raises(ScriptError):
        load_script(tmp_path / "missing.txt")


def test_windows_line_endings() -> None:
    assert parse_script("wait 1\r\ntype hello\r\nquit\r\n") == [Wait(1.0), Type("hello"), Quit()]


def test_choose_and_advance_parse_and_run_in_order() -> None:
    commands = parse_script("advance  # to the choices\nchoose 2  # the second option\nADVANCE")
    assert commands == [Advance(), Choose(2), Advance()]
    driver = Recorder()
    run_script(commands, driver, None)
    assert driver.calls == [("advance",), ("choose", 2), ("advance",)]


def test_choose_past_the_options_shown_stops_at_its_line() -> None:
    driver = Recorder(shown=2)
    with pytest.raises(ScriptError) as caught:
        run_script(parse_script("advance\nchoose 3\nadvance"), driver, None, source="p.txt")
    assert str(caught.value) == "p.txt:2: only 2 choices shown"
    assert driver.calls == [("advance",), ("choose", 3)]
