"""Lengths: warnings about size (beats too long for one page, scenes too long, too many
choices), and the words and reading minutes of chapters and paths for `explore`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from game.engine.diagnostics import Code, Diagnostic
from game.engine.model import Span, Story
from game.engine.runner import Phase, Runner

# A 1280×720 window at 100% text size shows about this many characters in the text box; a beat
# past it is split over pages, and a player reading it must page on mid-thought.
LONG_BEAT = 500
# Past this many beats a scene reads as a wall; a goto to a second scene gives a breath.
LONG_SCENE = 40
# Number keys 1–9 pick choices; a tenth is reachable only by arrows or the mouse.
NUMBER_KEYS = 9

Report = Callable[[Code, str, Span], Diagnostic]


def size_warnings(story: Story, report: Report) -> Iterator[Diagnostic]:
    """Every beat, scene and choice list that is too long for the screen or the keys."""
    for sid, scene in story.scenes.items():
        for beat in scene.beats:
            size = len(beat.text.source)
            if size > LONG_BEAT:
                yield report(
                    Code.LONG_BEAT,
                    f"this beat is {size:,} characters; beats over {LONG_BEAT} characters do "
                    "not fit one page at 100% text size: split it into several beats",
                    beat.span,
                )
        if len(scene.beats) > LONG_SCENE:
            yield report(
                Code.LONG_SCENE,
                f"scene '{sid}' has {len(scene.beats)} beats (more than {LONG_SCENE}): split it "
                "with a goto to a new scene so players get a breath",
                scene.span,
            )
        if len(scene.choices) > NUMBER_KEYS:
            count = len(scene.choices)
            yield report(
                Code.TOO_MANY_CHOICES,
                f"scene '{sid}' has {count} choices; number keys stop at {NUMBER_KEYS}, so "
                f"choices {NUMBER_KEYS + 1}–{count} need the arrow keys or the mouse",
                scene.choices[NUMBER_KEYS].span,
            )


# Silent reading speed of a typical teenage or adult reader, in words a minute.
READING_WPM = 200


def words_in(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces."""
    return len(text.split())


def reading_minutes(words: int) -> float:
    """Minutes to read `words` at READING_WPM."""
    return words / READING_WPM


def chapter_words(story: Story) -> dict[str, int]:
    """Every chapter's words as written (all beats, each `{token}` one word), in story order."""
    counts = dict.fromkeys(story.chapters, 0)
    for scene in story.scenes.values():
        counts[scene.chapter] += sum(words_in(beat.text.source) for beat in scene.beats)
    return counts


def path_words(story: Story, path: Sequence[tuple[str, int]]) -> int:
    """Words a player reads along `path` (scene and choice index per decision) to its end:
    the lines shown and the choices picked, as the engine renders them."""
    runner = Runner(story)
    words = 0
    for sid, index in (*path, ("", -1)):
        while runner.phase is Phase.BEAT:
            assert runner.line is not None
            words += words_in(runner.line.text)
            runner.advance()
        if index < 0 or runner.phase is not Phase.CHOICE or runner.scene.id != sid:
            break
        option = next(o for o in runner.options if o.index == index)
        words += words_in(option.text)
        runner.choose(option.number - 1)
    return words
