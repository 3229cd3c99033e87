"""Hostile stories that used to pass `check` and then break play, and hostile story folders.

Each test reproduces an attack from issue 15; the ones that could hang, crash or eat memory run
in a subprocess with a time limit (and a memory limit where memory is the attack).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from game.engine.diagnostics import Diagnostic, format_all
from game.engine.loader import LoadResult, StoryCache, load_story
from game.engine.model import Story

STORY = """\
format: 1
id: hostile
title: Hostile
start: a
variables:
  n: {value: 2, meter: N}
"""
ENDING = "  e:\n    text: Done at {n}.\n    ending: {title: E, tone: hopeful}\n"
TIME_LIMIT = 60


def _chapter(scenes: str) -> str:
    return "chapter: C\nscenes:\n" + textwrap.indent(textwrap.dedent(scenes), "  ") + ENDING


def _folder(tmp_path: Path, scenes: str, story: str = STORY) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.yaml").write_text(story, encoding="utf-8")
    (folder / "01_c.yaml").write_text(_chapter(scenes), encoding="utf-8")
    return folder


def _codes(result: LoadResult) -> list[tuple[str, int, int]]:
    return [(d.code.id, d.span.line, d.span.col) for d in result.diagnostics]


def _play(folder: Path, tmp_path: Path, answers: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "play", "--text", str(folder), "--data-dir", str(tmp_path)],
        input=answers,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )


# --- 11: numbers past the cap -----------------------------------------------------------------

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("variables", "effect", "where"),
    [
        (f"n: {{value: {HUGE}}}", "+1", ("story.yaml", 6, 14)),
        (f"n: {{value: 2, max: {HUGE}}}", "+1", ("story.yaml", 6, 22)),
        ("n: {value: 2}", f"+{HUGE}", ("01_chapter.yaml", 5, 14)),
        ("n: {value: 2}", f'"=n * {HUGE}"', ("01_chapter.yaml", 5, 20)),
    ],
    ids=["value", "max", "relative", "expression"],
)
def test_a_5000_digit_number_is_a_diagnostic_not_a_value_error(
    load_yaml: Callable[..., LoadResult],
    variables: str,
    effect: str,
    where: tuple[str, int, int],
) -> None:
    result = load_yaml(
        f"format: 1\nid: h\ntitle: H\nstart: a\nvariables:\n  {variables}\n",
        f"chapter: C\nscenes:\n  a:\n    text: Hi {{n}}\n    set: {{n: {effect}}}\n"
        "    ending: {title: E, tone: hopeful}\n",
    )
    found = [d for d in result.diagnostics if d.code.id == "S123"]
    assert [(d.span.file, d.span.line, d.span.col) for d in found] == [where]
    assert "a 5,000-digit number is too large" in found[0].message
    assert result.story is None
    assert [d.code.id for d in result.diagnostics] == ["S123"]  # no follow-on noise


def test_squaring_in_a_loop_stops_at_the_cap_in_terminal_play(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        """\
        a:
          text: "n is {n}"
          choices:
            - {text: Square it, goto: a, set: {n: "=n * n"}}
            - {text: Stop, goto: e}
        """,
    )
    proc = _play(folder, tmp_path, "1\n" * 30 + "2\n" + "\n" * 5)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0
    assert "Done at 1000000000." in proc.stdout


# --- 12: route loops --------------------------------------------------------------------------

LOOPS = {
    "self-without-text": "a:\n  goto: a\nb:\n  goto: e\n",
    "ping-pong": "a:\n  goto: b\nb:\n  goto: a\n",
    "self-with-text": "a:\n  text: Round and round.\n  goto: a\nb:\n  goto: e\n",
}


@pytest.mark.parametrize("name", sorted(LOOPS))
def test_play_refuses_a_route_loop_with_the_checkers_message(tmp_path: Path, name: str) -> None:
    folder = _folder(tmp_path, LOOPS[name])
    check = subprocess.run(
        [sys.executable, "-m", "game", "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )
    loop_lines = [line for line in check.stdout.splitlines() if "error F302" in line]
    assert loop_lines, check.stdout
    # The first start decides it; the second reads the answer kept on disk for these files.
    for _ in range(2):
        proc = _play(folder, tmp_path, "\n" * 20)
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr
        for line in loop_lines:
            assert line in proc.stderr
        assert "cannot be played until its route loops are fixed" in proc.stderr
        assert len(proc.stdout) < 1000  # nothing was played


def test_play_does_not_explore_a_story_whose_routes_cannot_loop(tmp_path: Path) -> None:
    from game.authoring.check import route_loops
    from game.engine.loader import load_story_or_raise

    # Chains and diamonds of routes are not cycles: no exploration, nothing refused.
    folder = _folder(
        tmp_path, "a:\n  goto: [{if: n > 1, goto: b}, {goto: c}]\nb:\n  goto: c\nc:\n  goto: e\n"
    )
    assert route_loops(load_story_or_raise(folder), max_states=0) == ()


# --- 14 and 15: text that cannot be drawn, or that commands the terminal ----------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('"\\u200b"', "S122"),
        ('"\\u200b\\u200d\\u00ad\\ufeff"', "S122"),
        ('"  \\u034f\\ufe0f "', "S122"),
        ('"Hello\\0world"', "Y009"),
        ('"\\e]0;pwned\\a\\e[2J"', "Y009"),
        ('"bell\\x07"', "Y009"),
        ('"back\\rwards"', "Y009"),
    ],
    ids=["zwsp", "zwsp-zwj-shy-bom", "cgj-vs16", "nul", "osc-title", "bell", "carriage-return"],
)
def test_text_that_draws_nothing_or_holds_controls_is_refused_at_load(
    load_yaml: Callable[..., LoadResult], text: str, code: str
) -> None:
    result = load_yaml(STORY, _chapter(f"a:\n  text:\n    - {text}\n  goto: e\n"))
    assert [(d.code.id, d.span.line, d.span.col) for d in result.diagnostics] == [(code, 5, 9)]
    report = format_all(result.diagnostics)
    assert "\x1b" not in report and "\x00" not in report and "\x07" not in report


def test_controls_are_refused_in_every_kind_of_text(load_yaml: Callable[..., LoadResult]) -> None:
    result = load_yaml(
        'format: 1\nid: h\ntitle: "T\\e[2J"\nstart: a\n'
        'characters:\n  sam: {name: "S\\eam"}\n'
        'variables:\n  mood: {value: calm, one_of: [calm, "\\e[31m"]}\n  n: {value: 1}\n',
        _chapter(
            'a:\n  text: [{sam: "Hi\\a"}]\n  choices:\n'
            '    - {text: "Go\\e", goto: e, set: {mood: "\\e"}}\n'
        ),
    )
    found = sorted((d.span.file, d.code.id, d.span.line, d.span.col) for d in result.diagnostics)
    assert found == [
        ("01_chapter.yaml", "Y009", 4, 18),  # a spoken line
        ("01_chapter.yaml", "Y009", 6, 16),  # a choice
        ("01_chapter.yaml", "Y009", 6, 45),  # a value set by a choice
        ("story.yaml", "Y009", 3, 8),  # the title
        ("story.yaml", "Y009", 6, 15),  # a character's name
        ("story.yaml", "Y009", 8, 38),  # a one_of item
    ]


def test_tabs_newlines_and_emoji_joiners_stay_allowed(
    load_yaml: Callable[..., LoadResult],
) -> None:
    result = load_yaml(
        STORY, _chapter('a:\n  text: "Tab\\there,\\nnew line 👩\\u200d💻"\n  goto: e\n')
    )
    assert result.ok, format_all(result.diagnostics)


# --- 16: links, pipes and devices in the story folder -----------------------------------------


def _check_in_subprocess(
    folder: Path, memory: int | None = None
) -> subprocess.CompletedProcess[str]:
    limit = (
        f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))\n"
        if memory
        else ""
    )
    script = (
        f"{limit}import sys\nfrom game.cli import main\nsys.exit(main(['check', sys.argv[1]]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )


def test_a_link_to_a_file_outside_is_not_read_or_quoted(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "a:\n  goto: e\n")
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:secret-first-line:/root:/bin/bash\n", encoding="utf-8")
    (folder / "zz.yaml").symlink_to(secret)
    proc = _check_in_subprocess(folder)
    assert proc.returncode == 1
    assert "secret-first-line" not in proc.stdout + proc.stderr
    assert "error Y010: 'zz.yaml' links to a file outside the story folder" in proc.stdout


def test_a_link_to_dev_zero_is_refused_within_a_memory_limit(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "a:\n  goto: e\n")
    (folder / "zz.yaml").symlink_to("/dev/zero")
    proc = _check_in_subprocess(folder, memory=1_000_000_000)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "error Y010" in proc.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
def test_a_named_pipe_is_refused_without_hanging(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "a:\n  goto: e\n")
    os.mkfifo(folder / "zz.yaml")
    proc = _check_in_subprocess(folder)
    assert proc.returncode == 1
    assert "error Y010: 'zz.yaml' is not a plain file" in proc.stdout


def test_an_oversized_file_is_read_only_to_the_limit(tmp_path: Path) -> None:
    from game.engine.loader import read_story_file
    from game.engine.yamlread import MAX_BYTES

    folder = _folder(tmp_path, "a:\n  goto: e\n")
    (folder / "zz.yaml").write_bytes(b"#" * (3 * MAX_BYTES))
    assert len(read_story_file(folder, folder / "zz.yaml")) == MAX_BYTES + 1
    result = load_story(folder, cache=StoryCache())
    assert [d.code.id for d in result.diagnostics] == ["Y005"]


def test_a_link_inside_the_folder_is_still_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "a:\n  goto: e\n")
    os.rename(folder / "01_c.yaml", folder / "chapter.txt")
    (folder / "01_c.yaml").symlink_to("chapter.txt")
    assert load_story(folder, cache=StoryCache()).ok


# --- 21: UTF-16 files and NUL bytes -----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_file_is_named_and_its_nuls_never_printed(
    tmp_path: Path, encoding: str
) -> None:
    folder = _folder(tmp_path, "a:\n  goto: e\n")
    text = _chapter("a:\n  goto: e\n")
    raw = text.encode(encoding)
    if encoding == "utf-16-be":  # no byte order mark: recognised by its NULs
        assert not raw.startswith(b"\xfe\xff")
    (folder / "01_c.yaml").write_bytes(raw)
    proc = _check_in_subprocess(folder)
    assert proc.returncode == 1
    assert "\x00" not in proc.stdout + proc.stderr
    wanted = "UTF-16 or UTF-32" if encoding == "utf-16-be" else encoding.upper()
    assert f"error Y007: this file is {wanted}; save it as UTF-8" in proc.stdout


def test_a_nul_byte_is_reported_at_its_line_and_column_as_an_escape(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "a:\n  goto: e\n")
    (folder / "01_c.yaml").write_bytes(b"chapter: C\nscenes:\n  a:\n    text: Hel\x00lo\n")
    proc = _check_in_subprocess(folder)
    assert "\x00" not in proc.stdout
    lines = proc.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if "error Y009" in line)
    assert lines[head].endswith(
        "01_c.yaml:4:14: error Y009: control character \\x00 is not allowed in a story file; "
        "delete it"
    )
    assert lines[head + 1] == "        text: Hel\\x00lo"
    assert lines[head + 2] == "                 ^^^^"


def test_a_caret_under_an_escaped_character_lines_up(tmp_path: Path) -> None:
    from game.engine.diagnostics import Code
    from game.engine.model import Span

    diag = Diagnostic(Code.CONTROL_CHARACTER, "m", Span("f.yaml", 1, 4, 6), "a\x01bcd")
    assert diag.format().splitlines()[1:] == ["    a\\x01bcd", "          ^^"]


def test_terminal_output_strips_control_characters_that_arrive_another_way(
    make_story: Callable[..., Story], tmp_path: Path
) -> None:
    from game.terminal.play import TextGame, TextOptions, meter_line

    story = make_story(STORY, _chapter("a:\n  goto: e\n"))
    out = io.StringIO()
    TextGame(story, io.StringIO(""), out, TextOptions(saves=tmp_path)).say(
        "\x1b]0;pwned\x07\x1b[2JHello\x00 there\x9b"
    )
    assert out.getvalue() == "]0;pwned[2JHello there\n"
    assert meter_line("N", 1_000_000_000, 0, 10) == "N          [##########] 1000000000/10"
