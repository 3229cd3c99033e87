"""Undo after random steps: every step undone brings back exactly what was shown before it
(line, options, chapter, history, state), down to a runner that has just started."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_play_properties import BOUNDED, HEAD, stories

from game.engine.loader import StoryCache, load_story
from game.engine.model import Story
from game.engine.runner import HistoryEntry, Phase, Runner
from game.engine.templates import pronoun_index, render
from game.resources import shipped_story

# A step: advance (in a beat) or the option at this place (wrapped); UNDO steps back.
UNDO = -1
steps = st.lists(st.integers(UNDO, 3), max_size=60)


def view(runner: Runner) -> tuple[Any, ...]:
    """Everything a front end reads from the runner at this moment."""
    return (
        runner.phase,
        runner.scene.id,
        runner.line,
        runner.options if runner.phase is Phase.CHOICE else (),
        runner.chapter,
        runner.history,
        runner.state,
        runner.can_undo,
        runner.thread,
        runner.soundscape,
        dict(runner.values),
    )


def fresh_view(runner: Runner) -> tuple[Any, ...]:
    """The view of a runner that reached the same place by replaying the save, with nothing
    kept from showing it step by step: the oracle for what the runner keeps between steps."""
    restored, note = Runner.restore(runner.story, runner.to_json())
    assert note is None
    return view(restored)


def check_shown(runner: Runner) -> None:
    """The chapter title and name plate the runner keeps match the ones rendered now."""
    story, values = runner.story, runner.values
    pronoun = pronoun_index(values.get(story.pronouns or ""))
    assert runner.chapter == runner.chapter_name(runner.scene.chapter)
    line = runner.line
    if line is not None and line.speaker in story.characters:
        assert line.name == render(story.characters[line.speaker].name, values, pronoun)


def step(runner: Runner, move: int) -> bool:
    """Advance in a beat or pick option `move` (wrapped) at a choice; False when neither."""
    if runner.phase is Phase.BEAT:
        runner.advance()
    elif runner.phase is Phase.CHOICE and runner.options:
        runner.choose(move % len(runner.options))
    else:
        return False
    return True


def settled_afresh(runner: Runner) -> None:
    """A step keeps the visible beats and the phase it worked out; deciding them again from
    the place and values alone (the slow path) changes nothing a front end reads."""
    kept = view(runner)
    runner._settle_phase()
    assert view(runner) == kept


def walk(runner: Runner, moves: list[int]) -> list[tuple[Any, ...]]:
    """Play `moves`, undoing on UNDO; the views from the start to now, one per step kept.
    Each view is checked against the same place reached afresh."""
    views = [view(runner)]
    for move in moves:
        if move == UNDO:
            if runner.undo():
                views.pop()
            else:
                assert len(views) == 1
            assert view(runner) == views[-1]
            check_shown(runner)
            continue
        if not step(runner, move):
            continue
        views.append(view(runner))
        check_shown(runner)
        settled_afresh(runner)
        assert views[-1] == fresh_view(runner)
    return views


def shown_entry(runner: Runner, move: int) -> HistoryEntry | None:
    """The history entry for the step `move` is about to take (None for no step), from what
    is on screen now: the oracle the history, rendered only when read, is checked against."""
    scene, chapter = runner.scene.id, runner.chapter
    line = runner.line
    if line is not None:
        return HistoryEntry("line", line.text, scene, chapter, line.name, line.color)
    options = runner.options if runner.phase is Phase.CHOICE else ()
    if not options:
        return None
    return HistoryEntry("choice", options[move % len(options)].text, scene, chapter)


def unread_walk(story: Story, answers: dict[str, Any], moves: list[int]) -> None:
    """Three runners take the same steps: one read in full at every step, as a front end reads
    it, one never read but for its history and state, and one read only at the end. A step
    records what it leaves in the history without rendering it; read at any time, the history
    must be what was on screen at each step, although later steps changed the values."""
    read, unread, late = Runner(story, answers), Runner(story, answers), Runner(story, answers)
    shown: list[HistoryEntry] = []
    for move in moves:
        if move == UNDO:
            undone = read.undo()
            assert undone == unread.undo() == late.undo()
            if undone:
                shown.pop()
        else:
            view(read)
            entry = shown_entry(read, move)
            stepped = step(read, move)
            assert stepped == step(unread, move) == step(late, move)
            if stepped and entry is not None:
                shown.append(entry)
        seen = (read.phase, read.history, read.state)
        assert (unread.phase, unread.history, unread.state) == seen
        assert read.history == tuple(shown)
    assert late.history == tuple(shown) and late.state == read.state


def unwind(story: Story, runner: Runner, views: list[tuple[Any, ...]]) -> None:
    """Undo step by step, each bringing back the view before it, down to a new game's."""
    while runner.undo():
        views.pop()
        assert view(runner) == views[-1]
    assert len(views) == 1
    assert view(runner) == view(Runner(story))


def with_names(chapter: str, folder: Path) -> Story:
    """A generated chapter whose chapter title, name plate and lines show `n`, which choices
    change: what is shown must follow the values back on undo."""
    folder.mkdir(parents=True, exist_ok=True)
    head = HEAD + "characters:\n  m: {name: 'M{n}'}\n"
    (folder / "story.yaml").write_text(head, encoding="utf-8")
    chapter = chapter.replace("chapter: Gen", "chapter: 'Gen {n}'", 1)
    chapter = re.sub(
        r"text: Line (\d+)\.",
        r"text: [{m: 'Line \1, n is {n}.'}, {if: 'n >= 1', text: 'With n.'}, Then.]",
        chapter,
    )
    (folder / "01_gen.yaml").write_text(chapter, encoding="utf-8")
    result = load_story(folder, cache=StoryCache())
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


@BOUNDED
@given(chapter=stories(), moves=steps)
def test_undo_after_random_steps_brings_back_each_view(chapter: str, moves: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        story = with_names(chapter, Path(tmp))
    runner = Runner(story)
    unwind(story, runner, walk(runner, moves))


_SHIPPED: list[Story] = []


def shipped() -> Story:
    if not _SHIPPED:
        story = load_story(shipped_story(), cache=None).story
        assert story is not None
        _SHIPPED.append(story)
    return _SHIPPED[0]


@settings(max_examples=25, deadline=None, database=None)
@given(moves=st.lists(st.integers(UNDO, 5), max_size=150), pronoun=st.sampled_from(["he", "she"]))
def test_undo_in_the_shipped_story_brings_back_each_view(moves: list[int], pronoun: str) -> None:
    # The shipped story fills names, pronouns and chapter titles from values a step changes.
    story = shipped()
    answers = {story.pronouns: pronoun} if story.pronouns else {}
    runner = Runner(story, answers)
    views = walk(runner, moves)
    restored, note = Runner.restore(story, runner.to_json())
    assert note is None and view(restored) == views[-1]
    while runner.undo():
        views.pop()
        assert view(runner) == views[-1]
    assert len(views) == 1 and view(runner) == view(Runner(story, answers))


NAMED = """\
chapter: Gen
scenes:
  s0:
    text: Line 0.
    choices:
      - text: Choice 0
        goto: s1
        set: {n: +1}
  s1:
    text: Line 1.
    ending: {title: End 1, tone: hopeful}
"""


@BOUNDED
@given(chapter=stories(), moves=steps)
def test_a_step_records_the_same_history_whether_or_not_its_line_was_read(
    chapter: str, moves: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        story = with_names(chapter, Path(tmp))
    unread_walk(story, {}, moves)


@settings(max_examples=25, deadline=None, database=None)
@given(moves=st.lists(st.integers(UNDO, 5), max_size=150), pronoun=st.sampled_from(["he", "she"]))
def test_the_shipped_story_records_the_same_history_whether_or_not_lines_were_read(
    moves: list[int], pronoun: str
) -> None:
    # The shipped story has messages, speakers with portraits and conditional lines.
    story = shipped()
    unread_walk(story, {story.pronouns: pronoun} if story.pronouns else {}, moves)


def test_names_and_chapter_follow_a_step_and_its_undo(tmp_path: Path) -> None:
    runner = Runner(with_names(NAMED, tmp_path))
    views = walk(runner, [0, 0, 0])
    line = runner.line
    assert line is not None and (line.name, runner.chapter) == ("M1", "Gen 1")
    assert runner.undo()
    check_shown(runner)
    assert runner.chapter == "Gen 0" and runner.values["n"] == 0
    unwind(runner.story, runner, views[:-1])
