"""Hostile and broken YAML: refused with a message, quickly, in a process that survives."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

STORY_YAML = """\
format: 1
id: hostile
title: Hostile
start: first
"""
# Generous: the point is "no hang, no crash", not speed; CI machines are shared and noisy.
TIME_LIMIT = 10.0

BILLION_LAUGHS = "\n".join(
    ["chapter: Laughs", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["scenes: {first: {text: [*i], ending: {title: T, tone: hard}}}"]
)


def _deep_block(levels: int) -> str:
    lines = ["chapter: Deep", "scenes:"]
    lines += [" " * (2 + i) + f"k{i}:" for i in range(levels)]
    return "\n".join(lines) + " x\n"


HOSTILE: dict[str, tuple[bytes, str]] = {
    "billion-laughs": (BILLION_LAUGHS.encode(), "Y003"),
    "deep-flow-100k": (b"chapter: Deep\nscenes: " + b"[" * 100_000 + b"]" * 100_000, "Y004"),
    "deep-flow-mapping": (
        b"chapter: Deep\nscenes: " + b"{a: " * 50_000 + b"1" + b"}" * 50_000,
        "Y004",
    ),
    "deep-dashes": (b"chapter: Deep\nscenes:\n" + b"- " * 100_000 + b"x\n", "Y004"),
    "deep-block": (_deep_block(400).encode(), "Y004"),
    "oversized": (b"chapter: Big\n" + b"# padding\n" * 110_000, "Y005"),
    "python-object-tag": (
        b"chapter: T\nscenes:\n  first: !!python/object/apply:os.system [echo pwned]\n",
        "Y006",
    ),
    "custom-tag": (b"chapter: T\nscenes: !include other.yaml\n", "Y006"),
    "not-utf8": (b"chapter: Caf\xe9\nscenes: {}\n", "Y007"),
    "utf16": ("chapter: T\nscenes: {}\n".encode("utf-16"), "Y007"),
    "empty": (b"", "Y008"),
    "only-comments": (b"# nothing\n\n# here\n", "Y008"),
    "duplicate-keys": (b"chapter: A\nchapter: B\nscenes: {}\n", "Y002"),
    "two-documents": (b"chapter: A\nscenes: {}\n---\nchapter: B\n", "Y001"),
    "tabs": (b"chapter: A\nscenes:\n\tfirst: {}\n", "Y001"),
    "unclosed-quote": (b'chapter: "A\nscenes: {}\n', "Y001"),
    "not-a-mapping": (b"- just\n- a list\n", "S102"),
    "scalar-root": (b"hello\n", "S102"),
    "null-bytes": (b"chapter: A\x00\nscenes: {}\n", "Y009"),
}

RUNNER = """
import sys
from game.authoring.check import check_story
from game.engine.diagnostics import format_all
result = check_story(sys.argv[1])
print(format_all(result.diagnostics))
"""


def _run_check(
    tmp_path: Path, name: str, content: bytes
) -> tuple[subprocess.CompletedProcess[str], float]:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "story.yaml").write_text(STORY_YAML, encoding="utf-8")
    (folder / "01_chapter.yaml").write_bytes(content)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return proc, time.monotonic() - started


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_with_a_message(tmp_path: Path, name: str) -> None:
    content, code = HOSTILE[name]
    proc, elapsed = _run_check(tmp_path, name, content)
    assert proc.returncode == 0, f"the checking process died:\n{proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "01_chapter.yaml:" in proc.stdout
    assert f"error {code}:" in proc.stdout, proc.stdout
    assert elapsed < TIME_LIMIT


def test_reconnect_check_exits_1_on_hostile_input(tmp_path: Path) -> None:
    folder = tmp_path / "laughs"
    folder.mkdir()
    (folder / "story.yaml").write_text(STORY_YAML, encoding="utf-8")
    (folder / "01_chapter.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "game", "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Y003" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_yaml_booleans_and_times_stay_text(tmp_path: Path) -> None:
    from game.engine.loader import StoryCache, load_story
    from game.engine.runner import Runner

    folder = tmp_path / "words"
    folder.mkdir()
    (folder / "story.yaml").write_text(
        STORY_YAML
        + "variables:\n  answer: {value: no}\n  when: {value: 12:30}\n"
        + "characters:\n  on: {name: yes}\n",
        encoding="utf-8",
    )
    (folder / "01_chapter.yaml").write_text(
        "chapter: on\nscenes:\n  first:\n    text:\n      - no\n      - on: 12:30\n"
        "      - '{answer} at {when}'\n"
        "    ending: {title: off, tone: hard}\n",
        encoding="utf-8",
    )
    result = load_story(folder, cache=StoryCache())
    assert result.story is not None, [d.format() for d in result.diagnostics]
    story = result.story
    assert story.variables["answer"].default == "no"
    assert story.variables["when"].default == "12:30"
    scene = story.scenes["first"]
    assert scene.chapter == "on"
    assert scene.ending is not None and scene.ending.title.source == "off"
    runner = Runner(story)
    seen = []
    while runner.line is not None:
        seen.append((runner.line.name, runner.line.text))
        runner.advance()
    assert seen == [(None, "no"), ("yes", "12:30"), (None, "no at 12:30")]
