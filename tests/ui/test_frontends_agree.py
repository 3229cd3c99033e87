"""Both front ends play the same game: every transcript's input, played in the terminal and
replayed as keys and clicks in the headless window, must leave identical traces."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.engine.answers import QuestionKind, questions, read_answer
from game.engine.loader import StoryCache, load_story
from game.engine.model import Story
from game.engine.runner import Phase
from game.persistence.paths import saves_dir
from game.terminal.play import TextGame, TextOptions
from game.window.app import App
from game.window.driver import AppDriver
from game.window.screens.intro import QuestionsScreen
from game.window.screens.overlays import ConfirmScreen
from game.window.screens.saves import NUMBERED
from game.window.screens.scene import SceneScreen
from game.window.widgets import TextField

from .harness import make_app
from .trace import Recorder, Trace

CASES = sorted(p for p in (Path(__file__).parent.parent / "transcripts").iterdir() if p.is_dir())


def _story(case: Path) -> Story:
    result = load_story(case / "story", cache=StoryCache())
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def _lines(case: Path) -> list[str]:
    return (case / "input.txt").read_text(encoding="utf-8").splitlines()


class _Watched(io.StringIO):
    """Input that lets the recorder look at the game each time the terminal asks for a line."""

    def __init__(self, text: str, recorder: Recorder) -> None:
        super().__init__(text)
        self.recorder = recorder
        self.game: TextGame | None = None

    def readline(self, size: int | None = -1) -> str:
        game = self.game
        if game is not None and game.session.playing:
            self.recorder.note(game.session.runner)
        return super().readline(size)


def terminal_trace(story: Story, lines: list[str], data: Path) -> Trace:
    """Play `lines` in the terminal front end and record what happened."""
    recorder = Recorder()
    inp = _Watched("".join(line + "\n" for line in lines), recorder)
    game = TextGame(story, inp, io.StringIO(), TextOptions(saves=saves_dir(data)))
    inp.game = game
    assert game.run() == 0
    return recorder.finish(game.session.runner)


# --- the window -------------------------------------------------------------------------------


def _settle(app: App, d: AppDriver) -> None:
    """Space until the story waits for a choice or has ended (the terminal shows beats itself)."""
    for _ in range(500):
        if app.runner is not None and app.runner.phase is not Phase.BEAT:
            return
        d.post_key("space")
        d.step(0.05)
    raise AssertionError("the window never reached a choice")


def _answer(app: App, d: AppDriver, lines: list[str]) -> None:
    """The questions page, filled in as the terminal player typed the answers."""
    page = app.manager.top
    assert isinstance(page, QuestionsScreen)
    for question, reply in zip(questions(app.story), lines, strict=False):
        value = read_answer(question, reply).value
        if value is None:
            continue  # the page starts at the default
        widget = page.fields[question.id]
        if isinstance(widget, TextField):
            assert d.click_label(question.ask)
            for _ in range(len(widget.value)):
                d.post_key("backspace")
            d.type_text(str(value))
        elif question.kind is QuestionKind.YES_NO:
            assert d.click_label("Yes" if value else "No")
        else:
            assert d.click_label(str(value))
    assert d.click_label("Begin")


def _command(app: App, d: AppDriver, line: str) -> bool:
    """Do what the terminal command does, the window's way; False for quit."""
    runner = app.runner
    assert runner is not None
    word, _, arg = line.strip().partition(" ")
    if word.isdigit() and 1 <= int(word) <= len(runner.options):
        d.post_key(word)
    elif word in ("u", "undo"):
        d.post_key("z", ["ctrl"])  # the window's undo: back to the last choice
    elif word in ("s", "save"):
        _through_menu(app, d, "Save", arg.strip() or "1")
    elif word in ("l", "load"):
        _through_menu(app, d, "Load", arg.strip() or "1")
    elif word in ("q", "quit"):
        return False
    return True  # h, m, ? and anything unreadable change nothing


def _through_menu(app: App, d: AppDriver, page: str, slot: str) -> None:
    """Esc, then Save or Load, then the slot's card (asking to save over it: yes)."""
    assert slot in NUMBERED, f"the save page shows slots 1-9, not {slot!r}"
    d.post_key("escape")
    assert d.click_label(page)
    assert d.click_label(f"Slot {slot}")
    if page == "Save":
        if isinstance(app.manager.top, ConfirmScreen):  # "Save over slot N?"
            assert d.click_label("Save")
        d.post_key("escape")  # the save page
        d.post_key("escape")  # the menu
    assert isinstance(app.manager.top, SceneScreen)


def window_trace(story: Story, lines: list[str], data: Path) -> Trace:
    """Replay `lines` in the headless window and record what happened."""
    app, d = make_app(data, story)
    recorder = Recorder()
    assert d.click_label("New game")
    if story.content_note:
        assert d.click_label("Continue")
    asked = len(story.questions)
    if asked:
        _answer(app, d, lines[:asked])
    for line in lines[asked:]:
        _settle(app, d)
        recorder.note(app.runner)
        assert app.runner is not None
        if app.runner.phase is Phase.ENDED or not _command(app, d, line):
            break
    _settle(app, d)
    assert app.runner is not None
    trace = recorder.finish(app.runner)
    app.close()
    return trace


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_terminal_and_window_leave_the_same_trace(case: Path, tmp_path: Path) -> None:
    story, lines = _story(case), _lines(case)
    terminal = terminal_trace(story, lines, tmp_path / "terminal")
    window = window_trace(story, lines, tmp_path / "window")
    assert terminal.points, "the transcript never reached a choice"
    assert window == terminal


def test_the_trace_sees_a_different_decision(tmp_path: Path) -> None:
    """The comparison is not vacuous: another first choice gives another trace."""
    case = next(c for c in CASES if c.name == "letter-hopeful")
    story, lines = _story(case), _lines(case)
    changed = [*lines[:2], "1", *lines[3:]]
    assert lines[2] != "1"
    assert terminal_trace(story, changed, tmp_path / "a") != terminal_trace(
        story, lines, tmp_path / "b"
    )
