"""The `reconnect` command, run as a user would: exit codes, output, no tracebacks."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import game.cli
from game.authoring.starter import write_starter
from game.cli import main


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m game ARGS` in a fresh process (in `cwd`, when given)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
        cwd=cwd,
    )


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "letter"
    write_starter(folder)
    return folder


def test_the_process_exits_with_the_commands_code_leaving_the_last_collection_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(game.cli, "main", lambda: 3)
    try:
        with pytest.raises(SystemExit) as ended:
            game.cli.run()
        assert ended.value.code == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_new_then_check_is_clean(tmp_path: Path) -> None:
    proc = run("new", str(tmp_path / "mine"))
    assert proc.returncode == 0
    assert "reconnect check" in proc.stdout
    check = run("check", str(tmp_path / "mine"))
    assert check.returncode == 0
    assert check.stdout.strip() == "0 errors, 0 warnings"


def test_new_refuses_a_non_empty_folder(story: Path) -> None:
    # The author's work in it: an untouched starter alone would be written again unchanged.
    chapter = story / "01_the_letter.yaml"
    chapter.write_text("chapter: Mine\n", encoding="utf-8")
    proc = run("new", str(story))
    assert proc.returncode == 1
    assert "not empty" in proc.stderr
    assert chapter.read_text(encoding="utf-8") == "chapter: Mine\n"


def test_check_reports_errors_with_a_caret_and_exits_1(story: Path) -> None:
    chapter = story / "01_the_letter.yaml"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace("goto: sent", "goto: snet"), "utf-8"
    )
    proc = run("check", str(story))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if "error R104" in line)
    assert lines[head].endswith("unknown scene 'snet' — did you mean 'sent'?")
    assert ":12:15:" in lines[head]  # the line of `goto: sent` in the starter chapter
    assert lines[head + 1].strip() == "goto: snet"
    assert lines[head + 2].strip() == "^^^^"
    assert "Traceback" not in proc.stderr


def test_explore_lists_every_ending_with_a_path(story: Path) -> None:
    proc = run("explore", str(story))
    assert proc.returncode == 0
    assert "Endings: 2 of 2 reachable" in proc.stdout
    assert "sent — A Door Opens (hopeful): shortest path of 1 choices" in proc.stdout


def test_explore_json_and_random(story: Path) -> None:
    proc = run("explore", str(story), "--json", "--random", "50", "--seed", "3")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["complete"] is True
    assert data["endings"]["shrug"]["path"] == [
        {"scene": "desk", "choice": 2},
        {"scene": "vague", "choice": 2},
    ]
    assert data["lessons"]["own_it"] == {"keepable": True, "missable": True}
    assert data["random"]["runs"] == 50
    assert sum(data["random"]["endings"].values()) == 50
    again = json.loads(run("explore", str(story), "--json", "--random", "50", "--seed", "3").stdout)
    assert again["random"] == data["random"]


def test_explore_exits_1_on_an_unreachable_ending(story: Path) -> None:
    chapter = story / "01_the_letter.yaml"
    text = chapter.read_text(encoding="utf-8").replace(
        "      - text: Send it anyway.\n        goto: shrug",
        "      - text: Send it anyway.\n        if: courage > 4\n        goto: shrug",
    )
    chapter.write_text(text, encoding="utf-8")
    proc = run("explore", str(story))
    assert proc.returncode == 1
    assert "✗ shrug" in proc.stdout


def test_map_writes_dot(story: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.dot"
    assert run("map", str(story), "-o", str(out)).returncode == 0
    dot = out.read_text(encoding="utf-8")
    assert dot.splitlines()[1] == 'digraph "my-story" {'
    assert run("map", str(story), "-o", str(out)).returncode == 0  # its own file: replaced
    assert '"desk" -> "vague"' in dot
    assert "doubleoctagon" in dot


def test_play_text_piped_reaches_the_lesson_page(story: Path, tmp_path: Path) -> None:
    proc = run(
        "play", "--text", str(story), "--data-dir", str(tmp_path / "data"), stdin="Jo\nshe\n1\n"
    )
    assert proc.returncode == 0
    assert "THE END — A Door Opens (hopeful)" in proc.stdout
    assert "Every lesson moment, in the order it happened:" in proc.stdout
    assert "KEPT " in proc.stdout
    assert (tmp_path / "data" / "saves" / "auto.json").is_file()


def test_load_auto_resumes(story: Path, tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    first = run("play", "--text", str(story), "--data-dir", data, stdin="\n\n2\n")
    assert first.returncode == 0
    resumed = run("play", "--text", str(story), "--data-dir", data, "--load", "auto", stdin="2\n")
    assert "Loaded slot 'auto'" in resumed.stdout
    assert "THE END — A Thumbs-Up (bittersweet)" in resumed.stdout


def test_no_display_falls_back_to_the_terminal(story: Path, tmp_path: Path) -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "SDL_VIDEODRIVER": ""}
    proc = run("play", str(story), "--data-dir", str(tmp_path / "d"), stdin="\n\n1\n", env=env)
    assert proc.returncode == 0
    assert "playing in the terminal instead" in proc.stderr
    assert "THE END" in proc.stdout


def test_broken_story_gives_diagnostics_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "story.yaml").write_text("format: 1\nid: x\ntitle: [unclosed\n", encoding="utf-8")
    proc = run("play", "--text", str(folder))
    assert proc.returncode == 1
    assert "error Y001" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_main_returns_exit_codes_in_process(
    story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(story)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_commands_without_a_folder_use_the_story_in_the_current_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    write_starter(folder)
    (folder / "02_more.yaml").write_text(
        "chapter: More\nscenes:\n  more:\n    text: Hi.\n    goto: nowhere\n", encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "game", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=folder,
        check=False,
    )
    assert f"Checking {folder}" in proc.stderr
    assert "unknown scene 'nowhere'" in proc.stdout
    assert proc.returncode == 1


def test_check_says_when_it_checks_the_shipped_story() -> None:
    proc = run("check")
    assert "Checking the shipped story" in proc.stderr


def test_play_start_begins_at_the_scene_and_names_the_nearest_for_a_typo(story: Path) -> None:
    data = str(story.parent / "data")
    done = run(
        "play", "--text", "--start", "vague", str(story), "--data-dir", data, stdin="\n\n2\n"
    )
    assert done.returncode == 0, done.stderr
    assert "It sounds like a weather report." in done.stdout
    assert "blank card" not in done.stdout  # desk, the story's start, was skipped
    assert "A Thumbs-Up" in done.stdout
    typo = run("play", "--text", "--start", "vauge", str(story), "--data-dir", data)
    assert typo.returncode == 2
    assert typo.stderr.strip().splitlines()[-1] == (
        "reconnect: --start vauge: the story has no scene 'vauge' — did you mean 'vague'?"
    )
    assert "Traceback" not in typo.stderr


def test_play_start_and_checkpoint_cannot_both_be_given(story: Path) -> None:
    data = str(story.parent / "data")
    done = run(
        "play", "--text", "--start", "vague", "--checkpoint", "x", str(story), "--data-dir", data
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_a_script_step_the_screen_cannot_take_is_named_at_its_line(
    story: Path, tmp_path: Path
) -> None:
    script = tmp_path / "play.txt"
    script.write_text('click "Continue"\nclick "New game"\nchoose 3\n', encoding="utf-8")
    proc = run(
        "play", str(story), "--headless", "--script", str(script), "--data-dir", str(tmp_path / "d")
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        f"{script}:3: no choices are shown (advance reads on to them)"
    )
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["play"],
        ["play", "scenes", "--text", "--set", "a=1", "--set", "b=2", "--scale", "1.5"],
        ["play", "--facilitator", "--vote", "--vote-port", "9000", "--size", "800x600"],
    ],
)
def test_a_start_reads_its_options_as_the_whole_parser_does(argv: list[str]) -> None:
    # A start builds only the play parser; what it reads must not differ in the least.
    assert vars(game.cli.parse(argv)) == vars(game.cli.build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv", [["play", "--bogus"], ["play", "--scale", "big"], ["pla"], ["check", "--nope"]]
)
def test_a_mistake_on_the_command_line_is_told_as_the_whole_parser_tells_it(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as whole:
        game.cli.build_parser().parse_args(argv)
    expected = capsys.readouterr().err
    with pytest.raises(SystemExit) as read:
        game.cli.parse(argv)
    assert (read.value.code, capsys.readouterr().err) == (whole.value.code, expected)
    assert "usage: reconnect" in expected
