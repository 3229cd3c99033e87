"""`--text --facilitator`: notes, the discussion timer as text, and the session report."""

from __future__ import annotations

import io
from pathlib import Path

from format2_story import CHAPTER, STORY

from game.terminal.commands import FACILITATOR_COMMANDS
from game.terminal.play import TextGame, TextOptions


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Replies(io.StringIO):
    """Typed lines; reading one can first move the clock on."""

    def __init__(self, lines: list[str | float], clock: FakeClock) -> None:
        super().__init__()
        self.lines = lines
        self.clock = clock

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        while self.lines and isinstance(self.lines[0], float):
            self.clock.now += float(self.lines.pop(0))
        return f"{self.lines.pop(0)}\n" if self.lines else ""


def run(tmp_path: Path, make_story, lines: list[str | float], facilitator: bool = True) -> str:
    clock = FakeClock()
    out = io.StringIO()
    options = TextOptions(saves=tmp_path / "saves", facilitator=facilitator, clock=clock)
    TextGame(make_story(STORY, CHAPTER), Replies(lines, clock), out, options).run()
    return out.getvalue()


def test_notes_and_the_timer_as_text(tmp_path: Path, make_story) -> None:
    shown = run(
        tmp_path,
        make_story,
        ["", "", "n", "t", 100.0, "t", "t pause", 500.0, "t", "t reset", "t 1", 75.0, "t", "q"],
    )
    assert "(Facilitator: n notes, t timer, r report, m meters." in shown
    assert "Notes: Perspective-taking; keep both ends of the line." in shown
    assert "Discussion timer running: 3:00 left of 3 min." in shown
    assert "Discussion timer: 1:20 left of 3 min." in shown
    assert "Discussion timer paused: 1:20 left of 3 min." in shown
    assert "Discussion timer running: 1:20 left of 3 min." in shown  # the pause did not count
    assert "Discussion timer reset (3 min)." in shown
    assert "Discussion timer running: 1:00 left of 1 min." in shown
    assert "Discussion timer: time is up (+0:15 over 1 min)." in shown


def test_the_report_on_request_and_at_the_ending(tmp_path: Path, make_story) -> None:
    shown = run(tmp_path, make_story, ["", "", "r", "2", "1"])
    reports = sorted((tmp_path / "reports").glob("*.html"))
    assert shown.count("Session report written: ") == 2
    assert 1 <= len(reports) <= 2  # two within the same second share a name
    last = reports[-1].read_text(encoding="utf-8")
    assert "Not Now" in last and "Ask again, and again." in last
    assert reports[-1].with_suffix(".md").is_file()


def test_a_player_has_none_of_it(tmp_path: Path, make_story) -> None:
    shown = run(tmp_path, make_story, ["", "", "?", "n", "t", "q"], facilitator=False)
    for command in FACILITATOR_COMMANDS:
        assert command.help not in shown
    assert "Notes:" not in shown and "timer" not in shown
    assert not (tmp_path / "reports").exists()
