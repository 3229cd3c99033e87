"""Warnings about size: beats too long for one page, scenes too long, too many choices."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from game.engine.diagnostics import Code, Diagnostic
from game.engine.model import Span, Story

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
