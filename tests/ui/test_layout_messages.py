"""Every text-message thread of the stories fits the phone whole: bubbles inside it and apart,
no words cut, captions clear of the bubbles, contrast kept, at every size and reading scale.

Threads are taken from the shipped story (every message of a scene,
conditions ignored, so the longest thread each scene can show), rendered with long names, plus a
thread with every kind of bubble: a photo, a draft, a long message and statuses. They are laid
out by the scene's own `phone_rect` under the quick buttons, as `SceneScreen` places them."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import pygame
import pytest
from conftest import StoryFactory
from format2_story import CHAPTER, STORY

from game.engine.format2 import PLAYER
from game.engine.model import Story
from game.engine.runner import Line, Phase
from game.engine.templates import render
from game.window.fonts import FontCache
from game.window.screens.scene import SceneScreen
from game.window.text_layout import normalise
from game.window.theme import (
    DEFAULT_THEME,
    HIGH_CONTRAST_THEME,
    FontChoice,
    TextStyle,
    Theme,
    contrast_ratio,
)
from game.window.widgets import MessageThread, UIContext, phone_rect, scene_geometry
from game.window.widgets.messages import EARLIER, bubble_colours, caption

from .harness import make_app, start_game, to_phase
from .test_layout_story import SCALES, SIZES, answer_sets, report, story

EVERY_KIND = (
    Line("Look who got a new coat of paint.", "ex", "Daniel", "#e0a458", "message", "09:12",
         photo="bandstand"),
    Line("It looks better than it did in March. Everything does, a bit.", "you", "You",
         kind="message", time="09:15", status="read", mine=True),
    Line("Ha. Nan says hello.", "ex", "Daniel", "#e0a458", "message", "09:20"),
    Line("Hello to Nan. Tell her I still owe her a rematch at the quiz, and that I haven't "
         "forgotten the biscuit tin either, or the time she beat me at Scrabble with QI.",
         "you", "You", kind="message", time="09:21", status="delivered", mine=True),
    Line("I miss this. I miss you. Could we", "you", "You", kind="message", draft=True,
         mine=True),
)  # fmt: skip


def _threads(s: Story) -> list[tuple[str, tuple[Line, ...]]]:
    """Each scene's messages as the phone would hold them, under each answer set."""
    out: dict[tuple[Line, ...], str] = {}
    for values, pronoun in answer_sets(s):
        for scene in s.scenes.values():
            lines: list[Line] = []
            for beat in scene.beats:
                msg = beat.message
                if msg is None:
                    continue
                who = s.characters.get(msg.sender)
                name = render(who.name, values, pronoun) if who else "You"
                lines.append(
                    Line(render(beat.text, values, pronoun), msg.sender, name,
                         who.color if who else None, "message", msg.time, msg.status,
                         msg.draft, msg.photo, msg.sender == PLAYER)
                )  # fmt: skip
            for n in range(1, len(lines) + 1):
                out.setdefault(tuple(lines[:n]), scene.id)
    return [(where, lines) for lines, where in out.items()]


@functools.cache
def threads() -> tuple[tuple[str, tuple[Line, ...]], ...]:
    every = [("every kind", EVERY_KIND[:n]) for n in range(1, len(EVERY_KIND) + 1)]
    return tuple(_threads(story()) + every)


def laid_out(ctx: UIContext, size: tuple[int, int], lines: tuple[Line, ...]) -> MessageThread:
    band = scene_geometry(ctx, size, None, choosing=False).band
    thread = MessageThread()
    thread.layout(ctx, phone_rect(ctx, size, band, size[1] - ctx.metrics.margin), lines)
    return thread


def squash(text: str) -> str:
    return "".join(normalise(text).split())


def test_the_stories_have_threads_to_check() -> None:
    kinds = {(line.mine, line.draft, bool(line.photo)) for _, t in threads() for line in t}
    assert kinds == {(False, False, False), (True, False, False), (True, True, False),
                     (False, False, True)}  # fmt: skip
    assert max(len(t) for _, t in threads()) >= 5  # over_texting: four of yours and a reply


@pytest.mark.parametrize(
    ("size", "scale", "font"),
    [
        pytest.param(size, scale, font, id=f"{size[0]}x{size[1]}-{scale}-{font.value}")
        for size, scale, font in itertools.product(SIZES, SCALES, FontChoice)
    ],
)
def test_every_thread_fits_the_phone(
    fonts: FontCache, size: tuple[int, int], scale: float, font: FontChoice
) -> None:
    ctx = UIContext.create(DEFAULT_THEME, fonts, size, scale, font)
    bx, by = ctx.pads(ctx.theme.spacing.md, ctx.theme.spacing.sm)
    problems: list[str] = []
    for where, lines in threads():
        thread = laid_out(ctx, size, lines)
        name = f"{where} ({lines[-1].text[:30]!r}…)"
        if not thread.fits:
            # The scene shows the message in the text box then; only the largest text may.
            if scale < 2.0:
                problems.append(f"{name}: the newest message does not fit the phone")
            continue
        phone = thread.rect
        assert pygame.Rect((0, 0), size).contains(phone)
        shown = [p.line for p in thread.placed]
        assert shown == list(reversed(lines[len(lines) - len(shown) :]))  # newest, in order
        # The note says older messages were left off (unless it would push out the newest).
        assert thread.earlier is None or len(shown) < len(lines)
        taken: list[tuple[str, pygame.Rect]] = []
        if thread.earlier is not None:
            taken.append(("the earlier-messages note", thread.earlier))
            if ctx.font(TextStyle.SMALL).size(EARLIER)[0] > thread.earlier.width:
                problems.append(f"{name}: the earlier-messages note is cut")
        for p in thread.placed:
            parts = [("bubble", p.bubble), ("caption", p.caption_rect)]
            for part, rect in parts:
                if not phone.contains(rect) or rect.top < thread.header.bottom:
                    problems.append(f"{name}: {part} {rect} outside the phone {phone}")
                for other, r in taken:
                    if rect.colliderect(r):
                        problems.append(f"{name}: {part} {rect} overlaps {other} {r}")
            taken += [(f"{p.line.text[:20]!r}", p.bubble), ("a caption", p.caption_rect)]
            inner = p.bubble.inflate(-2 * bx, -2 * by)
            if not inner.contains(p.text_rect):
                problems.append(f"{name}: text {p.text_rect} cut by its bubble {inner}")
            if p.photo is not None and (
                not inner.contains(p.photo) or p.photo.colliderect(p.text_rect)
            ):
                problems.append(f"{name}: photo {p.photo} not clear inside its bubble")
            if squash("".join(ln.text for ln in p.text.lines)) != squash(p.line.text):
                problems.append(f"{name}: words lost from the bubble")
            if (
                p.caption != caption(p.line)
                or p.caption_rect.width < (ctx.font(TextStyle.SMALL).size(p.caption)[0])
            ):
                problems.append(f"{name}: caption {p.caption!r} cut")
    assert not problems, report(problems)


@pytest.mark.parametrize("theme", [DEFAULT_THEME, HIGH_CONTRAST_THEME], ids=lambda t: t.name)
def test_bubbles_and_captions_are_readable(fonts: FontCache, theme: Theme) -> None:
    ctx = UIContext.create(theme, fonts, (1280, 720), 1.0, FontChoice.STANDARD)
    thread = laid_out(ctx, (1280, 720), EVERY_KIND)
    ground = thread.ground()
    for line in EVERY_KIND:
        fill, ink = bubble_colours(theme.palette, line, ground)
        assert contrast_ratio(ink, fill) >= 7.0, line.text
    surface = pygame.Surface((1280, 720))
    thread.draw(surface)
    # The captions are drawn on the phone's own colour, which is opaque whatever is behind it.
    for p in thread.placed:
        assert surface.get_at(p.caption_rect.topleft)[:3] == ground
    mine = next(p for p in thread.placed if p.line.mine and not p.line.draft)
    inside = mine.bubble.inflate(-mine.bubble.height, -4).topleft
    assert surface.get_at(inside)[:3] == theme.palette.accent  # yours in the accent colour


def test_choices_after_a_message_answer_it_on_the_phone(
    tmp_path: Path, make_story: StoryFactory
) -> None:
    s = make_story(STORY, CHAPTER.replace('      - "{ex} waves."\n', "", 1))
    app, driver = make_app(tmp_path, s, size=(1280, 720))
    start_game(app, driver)
    to_phase(driver, Phase.CHOICE)
    scene = app.manager.top
    assert isinstance(scene, SceneScreen) and scene.choices is not None
    assert scene.phone_on and scene.box_hidden  # not a plain line in the text box
    assert [p.line.text for p in scene.phone.placed] == ["Morning.", "I miss you."]
    below = min(b.rect.top for b in scene.choices.buttons)
    assert below >= scene.phone.rect.bottom
