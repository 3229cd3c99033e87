"""Stories for tests, built from YAML text in memory: no folder to write, the loader's own order.

Import these directly (`from storytexts import build`) or use the conftest fixtures
`make_story` and `load_yaml`.
"""

from __future__ import annotations

import textwrap

from game.engine.diagnostics import format_all
from game.engine.loader import LoadResult, load_texts
from game.engine.model import Story
from game.engine.runner import Phase, Runner


def texts(story: str, *chapters: str) -> dict[str, str]:
    """File texts by name: story.yaml and numbered chapter files, each dedented."""
    files = {"story.yaml": textwrap.dedent(story)}
    for n, chapter in enumerate(chapters, 1):
        files[f"{n:02d}_chapter.yaml"] = textwrap.dedent(chapter)
    return files


def load(story: str, *chapters: str) -> LoadResult:
    """Load a story from YAML texts; the result may hold errors."""
    return load_texts(texts(story, *chapters))


def build(story: str, *chapters: str) -> Story:
    """A story from YAML texts that must load without errors."""
    result = load(story, *chapters)
    assert result.ok and result.story is not None, format_all(result.diagnostics)
    return result.story


def lines_until_choice(runner: Runner) -> list[str]:
    """Advance through every beat, returning the texts shown."""
    shown = []
    while runner.phase is Phase.BEAT:
        assert runner.line is not None
        shown.append(runner.line.text)
        runner.advance()
    return shown


def play_choices(runner: Runner, *choices: int) -> Runner:
    """Read on and take `choices` (as shown, from 1) in turn, then read on to the next stop."""
    for number in choices:
        while runner.phase is Phase.BEAT:
            runner.advance()
        runner.choose(number - 1)
    while runner.phase is Phase.BEAT:
        runner.advance()
    return runner


# A story.yaml for sound, portrait and self-voicing tests: Maya's and the ex's portraits (the
# ex's look is a variable with three values), and the player without one.
MEDIA_STORY = """\
    format: 1
    id: media
    title: Media
    start: kitchen
    characters:
      you: {name: Sam}
      ex: {name: Alex, color: "#e0a458", portrait: "ex_{look}"}
      maya: {name: Maya, color: "#7fb3d5", portrait: maya}
    variables:
      look: {value: a, one_of: [a, b, c]}
    lessons:
      listen: {title: Listen first, text: Hear them out.}
"""
