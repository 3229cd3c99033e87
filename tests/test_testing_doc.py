"""docs/testing.md: every console example, run in a folder of the files shown before it,
prints exactly what the page shows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from game.cli import main
from game.window.script import Command, parse_script

DOC = Path(__file__).resolve().parents[1] / "docs" / "testing.md"
BLOCK = re.compile(r"```(yaml|console)\n(.*?)```", re.DOTALL)


def _runs() -> list[tuple[dict[str, str], str, str]]:
    """(files written so far, command, expected output) per console block."""
    files: dict[str, str] = {}
    runs = []
    for kind, body in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        if kind == "yaml":
            name = body.partition("\n")[0].removeprefix("# ").strip()
            files[name] = body
            continue
        command, _, output = body.partition("\n")
        runs.append((dict(files), command.removeprefix("$ "), output))
    return runs


RUNS = _runs()


def test_the_page_has_examples_that_pass_and_fail() -> None:
    assert [output.splitlines()[-1] for _, _, output in RUNS] == [
        "3 tests run, 0 failed",
        "1 test run, 1 failed",
    ]


@pytest.mark.parametrize(("files", "command", "output"), RUNS, ids=[c for _, c, _ in RUNS])
def test_console_example(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    command: str,
    output: str,
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    words = command.split()
    assert words[0] == "reconnect"
    code = main(words[1:])
    assert capsys.readouterr().out == output
    assert code == (1 if "✗" in output else 0)


SCRIPTS = re.findall(r"```script\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_script_examples_parse_and_every_command_is_in_the_table() -> None:
    assert SCRIPTS, "docs/testing.md shows a headless script"
    for text in SCRIPTS:
        assert parse_script(text, source="docs/testing.md")
    section = DOC.read_text(encoding="utf-8").partition("# Testing the window")[2]
    documented = set(re.findall(r"^\| `(\w+)", section, re.MULTILINE))
    names = {cls.__name__.lower() for cls in get_args(Command)} - {"clicklabel"}
    assert documented == names
