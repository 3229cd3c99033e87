"""Transcript tests: a story, the player's input, and the exact text out.

Each case runs twice: straight through, and with a save and a reload from disk half-way.
Both must match `transcript.txt`. Set REGEN_TRANSCRIPTS=1 to rewrite the expected files
(then read the diff before committing it).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from game.engine.loader import StoryCache, load_story
from game.terminal.play import TextOptions, play_text

CASES = sorted(p for p in (Path(__file__).parent / "transcripts").iterdir() if p.is_dir())


def _decisions(inp: str) -> int:
    return sum(line.strip().isdigit() for line in inp.splitlines())


def _play(case: Path, data: Path, reload_at: int | None) -> str:
    result = load_story(case / "story", cache=StoryCache())
    assert result.story is not None, [d.format() for d in result.diagnostics]
    inp = (case / "input.txt").read_text(encoding="utf-8")
    out = io.StringIO()
    options = TextOptions(saves=data, echo=True, reload_at=reload_at)
    code = play_text(result.story, io.StringIO(inp), out, options)
    assert code == 0
    return out.getvalue()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_transcript_straight(case: Path, tmp_path: Path) -> None:
    got = _play(case, tmp_path, None)
    expected = case / "transcript.txt"
    if os.environ.get("REGEN_TRANSCRIPTS"):
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_transcript_with_save_and_reload_halfway(case: Path, tmp_path: Path) -> None:
    half = max(1, _decisions((case / "input.txt").read_text(encoding="utf-8")) // 2)
    got = _play(case, tmp_path, half)
    assert (tmp_path / "checkpoint.json").is_file(), "the reload went through a real save file"
    assert got == (case / "transcript.txt").read_text(encoding="utf-8")
