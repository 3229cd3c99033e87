"""Widgets: keyboard and mouse behaviour, reveal and pagination, layout that fits every window."""

from __future__ import annotations

import functools

import pygame
import pytest

from game.window.draw import clipped
from game.window.fonts import FontCache
from game.window.text_layout import layout_text
from game.window.theme import (
    DEFAULT_THEME,
    HIGH_CONTRAST_THEME,
    FontChoice,
    Role,
    TextStyle,
    Theme,
)
from game.window.widgets import (
    Button,
    Card,
    CardLine,
    ChoiceList,
    Column,
    FocusGroup,
    Paragraph,
    Slider,
    TextBox,
    Toggle,
    UIContext,
    Widget,
    number_key,
    scene_layout,
)
from game.window.widgets.textbox import sentence_pages

SIZES = [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)]
SCALES = [0.75, 1.0, 1.5, 2.0]
LONG = (
    "Hey. I wasn’t expecting your name on my screen. It’s been… what, four months? "
    "I thought you’d deleted my number — or that I’d imagined the whole thing. "
) * 3
CHOICES = [
    "“I called to say I’m sorry. For how I ended it, and for hurting you.”",
    "Explain everything that was going on for you back then — the job, the move, all of it.",
    "Ask whether he still thinks about you.",
    "Say nothing for a moment.",
]


def ctx_for(
    fonts: FontCache,
    size: tuple[int, int] = (1280, 720),
    scale: float = 1.0,
    *,
    theme: Theme = DEFAULT_THEME,
    font: FontChoice = FontChoice.STANDARD,
) -> UIContext:
    return UIContext.create(theme, fonts, size, scale, font)


def keydown(k: int, mod: int = 0, scancode: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=scancode)


def mouse(kind: int, pos: tuple[int, int], button: int = 1) -> pygame.event.Event:
    if kind == pygame.MOUSEMOTION:
        return pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    return pygame.event.Event(kind, pos=pos, button=button)


# --- buttons and focus -------------------------------------------------------------------------


def test_button_click_needs_press_and_release_inside(fonts: FontCache) -> None:
    clicks: list[str] = []
    b = Button("Continue", lambda: clicks.append("x"))
    b.layout(ctx_for(fonts), pygame.Rect(10, 10, 200, 60))
    inside, outside = (50, 30), (500, 500)
    assert b.handle_event(mouse(pygame.MOUSEMOTION, inside)).redraw and b.hovered
    assert b.handle_event(mouse(pygame.MOUSEBUTTONDOWN, inside)).handled and b.pressed
    b.handle_event(mouse(pygame.MOUSEBUTTONUP, outside))
    assert clicks == [] and not b.pressed  # dragging off cancels
    b.handle_event(mouse(pygame.MOUSEBUTTONDOWN, inside))
    b.handle_event(mouse(pygame.MOUSEBUTTONUP, inside))
    assert clicks == ["x"]
    b.handle_event(mouse(pygame.MOUSEBUTTONDOWN, inside, button=3))
    assert not b.pressed  # right button does nothing


def test_disabled_button_ignores_everything(fonts: FontCache) -> None:
    clicks: list[str] = []
    b = Button("Load", lambda: clicks.append("x"), enabled=False)
    b.layout(ctx_for(fonts), pygame.Rect(0, 0, 200, 60))
    b.focused = True
    for e in (
        mouse(pygame.MOUSEBUTTONDOWN, (5, 5)),
        mouse(pygame.MOUSEBUTTONUP, (5, 5)),
        keydown(pygame.K_RETURN),
    ):
        b.handle_event(e)
    assert clicks == []


def test_focus_group_tab_arrows_and_wrap(fonts: FontCache) -> None:
    hits: list[int] = []
    buttons = [Button(str(i), functools.partial(hits.append, i)) for i in range(3)]
    buttons[1].enabled = False
    ctx = ctx_for(fonts)
    for i, b in enumerate(buttons):
        b.layout(ctx, pygame.Rect(0, i * 70, 200, 60))
    group = FocusGroup(buttons)
    group.handle_event(keydown(pygame.K_TAB))
    assert group.index == 0 and group.visible
    group.handle_event(keydown(pygame.K_DOWN))
    assert group.index == 2  # the disabled button is skipped
    group.handle_event(keydown(pygame.K_TAB))
    assert group.index == 0  # wraps
    group.handle_event(keydown(pygame.K_TAB, mod=pygame.KMOD_LSHIFT))
    assert group.index == 2
    group.handle_event(keydown(pygame.K_RETURN))
    assert hits == [2]


# --- choice list -------------------------------------------------------------------------------


def laid_out_choices(
    fonts: FontCache, size: tuple[int, int] = (1280, 720), scale: float = 1.0
) -> ChoiceList:
    picked: list[int] = []
    cl = ChoiceList(CHOICES, picked.append)
    ctx = ctx_for(fonts, size, scale)
    cl.layout(ctx, scene_layout(ctx).choices)
    cl.picks = picked  # type: ignore[attr-defined]
    return cl


def test_number_keys_pick_directly(fonts: FontCache) -> None:
    cl = laid_out_choices(fonts)
    cl.handle_event(keydown(pygame.K_3))
    cl.handle_event(keydown(pygame.K_KP1))
    assert cl.picks == [2, 0]  # type: ignore[attr-defined]
    assert cl.handle_event(keydown(pygame.K_9)).handled  # no 9th choice: swallowed, nothing picked
    assert cl.picks == [2, 0]  # type: ignore[attr-defined]
    cl.handle_event(keydown(pygame.K_2, mod=pygame.KMOD_LCTRL))  # Ctrl+2 is not a pick
    assert cl.picks == [2, 0]  # type: ignore[attr-defined]


def test_number_keys_by_physical_position() -> None:
    # On AZERTY the "1" key sends '&' but its scancode is still the 1 key.
    assert number_key(keydown(pygame.K_AMPERSAND, scancode=pygame.KSCAN_1)) == 1
    assert number_key(keydown(pygame.K_a)) is None


def test_advance_keys_never_pick_until_focus_is_moved(fonts: FontCache) -> None:
    cl = laid_out_choices(fonts)
    assert cl.focus_index is None
    for key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER) * 3:
        assert cl.handle_event(keydown(key)).handled  # swallowed: nothing behind it reacts
    assert cl.focus_index is None and cl.picks == []  # type: ignore[attr-defined]
    cl.handle_event(keydown(pygame.K_DOWN))  # the first move focuses the first choice
    assert cl.focus_index == 0 and cl.group.visible
    cl.handle_event(keydown(pygame.K_DOWN))
    cl.handle_event(keydown(pygame.K_DOWN))
    cl.handle_event(keydown(pygame.K_UP))
    assert cl.focus_index == 1
    cl.handle_event(keydown(pygame.K_END))
    assert cl.focus_index == 3
    cl.handle_event(keydown(pygame.K_DOWN))
    assert cl.focus_index == 0  # wraps around
    cl.handle_event(keydown(pygame.K_KP_ENTER))
    assert cl.picks == [0]  # type: ignore[attr-defined]


def test_click_picks(fonts: FontCache) -> None:
    cl = laid_out_choices(fonts)
    target = cl.buttons[1].rect.center
    cl.handle_event(mouse(pygame.MOUSEMOTION, target))
    assert cl.buttons[1].hovered
    cl.handle_event(mouse(pygame.MOUSEBUTTONDOWN, target))
    cl.handle_event(mouse(pygame.MOUSEBUTTONUP, target))
    assert cl.picks == [1]  # type: ignore[attr-defined]


def test_long_list_scrolls_to_keep_focus_visible(fonts: FontCache) -> None:
    picked: list[int] = []
    cl = ChoiceList(
        [f"Choice number {i} " + "with quite a lot of words " * 3 for i in range(9)], picked.append
    )
    ctx = ctx_for(fonts, (1024, 768), 2.0)
    area = pygame.Rect(20, 20, 984, 300)
    cl.layout(ctx, area)
    assert cl.max_scroll > 0
    cl.handle_event(keydown(pygame.K_END))
    assert cl.scroll == cl.max_scroll
    b = cl.buttons[8].rect.move(0, -cl.scroll)
    assert area.top <= b.top and b.bottom <= area.bottom
    cl.handle_event(keydown(pygame.K_HOME))
    assert cl.scroll == 0


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
def test_choices_fit_their_area_or_scroll(
    fonts: FontCache, size: tuple[int, int], scale: float
) -> None:
    cl = laid_out_choices(fonts, size, scale)
    for b in cl.buttons:
        assert b.rect.left >= cl.area.left and b.rect.right <= cl.area.right
        assert b._block is not None
        for line in b._block.lines:
            assert line.width <= b.rect.width  # labels wrap inside their button
    if cl.max_scroll == 0:
        assert all(cl.area.contains(b.rect) for b in cl.buttons)


# --- text box ----------------------------------------------------------------------------------


def test_typewriter_reveal_then_pages_then_done(fonts: FontCache) -> None:
    ctx = ctx_for(fonts, (1024, 768), 2.0)
    tb = TextBox(chars_per_second=100)
    tb.layout(ctx, scene_layout(ctx).text_box)
    tb.set_text(LONG, "Daniel", (224, 164, 88))
    assert len(tb.pages) > 1 and tb.revealing and tb.revealed == 0
    assert tb.next_wake() == 0.0
    assert tb.update(0.05) and tb.revealed == 5
    assert tb.advance() and not tb.revealing  # first press completes the page
    assert tb.next_wake() is None
    pages_seen = 1
    while tb.advance():
        assert not tb.revealing  # a turned page shows whole: it does not type out again
        pages_seen += 1
    assert pages_seen == len(tb.pages) and tb.at_end
    assert tb.advance() is False  # the caller moves the story on


def test_resize_keeps_the_reading_place(fonts: FontCache) -> None:
    small = ctx_for(fonts, (1024, 768), 2.0)
    tb = TextBox()
    tb.layout(small, scene_layout(small).text_box)
    tb.set_text(LONG, None, reveal=False)
    tb.advance()
    tb.advance()  # now on page 2, partly revealed
    tb.update(0.3)
    mark = tb.revealed
    big = ctx_for(fonts, (3840, 2160), 1.0)
    tb.layout(big, scene_layout(big).text_box)
    assert tb.page.start <= mark <= tb.page.end
    assert tb.revealed == mark


def test_instant_text_speed(fonts: FontCache) -> None:
    ctx = ctx_for(fonts)
    tb = TextBox(chars_per_second=0)
    tb.layout(ctx, scene_layout(ctx).text_box)
    tb.set_text("Right away.")
    assert not tb.revealing


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("font", list(FontChoice))
def test_text_box_never_clips(
    fonts: FontCache, size: tuple[int, int], scale: float, font: FontChoice
) -> None:
    ctx = ctx_for(fonts, size, scale, font=font)
    layout = scene_layout(ctx)
    window = pygame.Rect((0, 0), size)
    assert window.contains(layout.text_box) and window.contains(layout.choices)
    plate_top = layout.text_box.top - TextBox.plate_height(ctx)
    assert plate_top > layout.choices.bottom
    tb = TextBox()
    tb.layout(ctx, layout.text_box)
    tb.set_text(LONG, "Someone with a long name", reveal=False)
    inner = tb._inner
    assert layout.text_box.contains(inner)
    body = ctx.font(TextStyle.BODY)
    for page in tb.pages:
        assert page.height <= inner.height
        for line in page.lines:
            assert line.width <= inner.width
            assert body.size(line.text)[1] <= tb.block.line_height if tb.block else True
    shown = "".join(ln.text for page in tb.pages for ln in page.lines)
    assert shown.replace(" ", "") == LONG.replace(" ", "")


def test_drawing_does_not_fail_anywhere(fonts: FontCache) -> None:
    for theme in (DEFAULT_THEME, HIGH_CONTRAST_THEME):
        for size in SIZES[:2]:
            ctx = UIContext.create(theme, fonts, size, 1.25)
            surface = pygame.Surface(size)
            layout = scene_layout(ctx)
            tb = TextBox()
            tb.layout(ctx, layout.text_box)
            tb.set_text(LONG, "Maya", (127, 179, 213))
            tb.update(0.5)
            tb.draw(surface)
            cl = ChoiceList(CHOICES)
            cl.layout(ctx, layout.choices)
            cl.focus(1)
            cl.draw(surface)


# --- settings controls -------------------------------------------------------------------------


def test_slider_keys_drag_and_clamp(fonts: FontCache) -> None:
    seen: list[float] = []
    s = Slider("Reading size", 1.0, 0.75, 2.0, 0.25, seen.append)
    ctx = ctx_for(fonts)
    s.layout(ctx, pygame.Rect(100, 100, 800, s.measure(ctx, 800)))
    s.focused = True
    s.handle_event(keydown(pygame.K_RIGHT))
    assert s.value == 1.25
    s.handle_event(keydown(pygame.K_END))
    s.handle_event(keydown(pygame.K_RIGHT))
    assert s.value == 2.0
    s.handle_event(keydown(pygame.K_HOME))
    assert s.value == 0.75 and seen == [1.25, 2.0, 0.75]
    track = s.track
    s.handle_event(mouse(pygame.MOUSEBUTTONDOWN, (track.right, track.centery)))
    assert s.value == 2.0 and s.dragging
    s.handle_event(mouse(pygame.MOUSEMOTION, (track.left - 50, track.centery)))
    assert s.value == 0.75
    s.handle_event(mouse(pygame.MOUSEBUTTONUP, (track.left, track.centery)))
    assert not s.dragging
    assert not s.set_value(float("nan")) or s.value == 0.75
    with pytest.raises(ValueError):
        Slider("bad", 1, 2, 1, 0.1)


def test_toggle_by_key_and_click(fonts: FontCache) -> None:
    seen: list[bool] = []
    t = Toggle("High contrast", False, seen.append)
    ctx = ctx_for(fonts)
    t.layout(ctx, pygame.Rect(0, 0, 600, t.measure(ctx, 600)))
    t.focused = True
    t.handle_event(keydown(pygame.K_SPACE))
    t.handle_event(mouse(pygame.MOUSEBUTTONDOWN, t.rect.center))
    t.handle_event(mouse(pygame.MOUSEBUTTONUP, t.rect.center))
    assert seen == [True, False]
    t.draw(pygame.Surface((600, 200)))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
def test_settings_rows_stack_instead_of_overlapping(
    fonts: FontCache, size: tuple[int, int], scale: float
) -> None:
    ctx = ctx_for(fonts, size, scale)
    width = min(size[0] - 2 * ctx.metrics.margin, ctx.metrics.content_width)
    for row in (
        Slider("Auto-advance delay between lines", 2.5, 0.5, 10, 0.5),
        Toggle("Reduce motion", True),
    ):
        row.layout(ctx, pygame.Rect(0, 0, width, row.measure(ctx, width)))
        assert row._label is not None
        label_right = row._label_at[0] + max(ln.x + ln.width for ln in row._label.lines)
        label_bottom = row._label_at[1] + row._label.height
        assert label_right <= row.rect.right
        assert row.rect.contains(row._value)
        if row.stacked:
            assert label_bottom <= row._control.top
        else:
            assert label_right < row._control.left
        assert row._control.right <= row._value.left
        row.draw(pygame.Surface(size))


def test_wheel_scrolls_only_over_the_list(fonts: FontCache) -> None:
    cl = ChoiceList([f"Choice {i} " + "with many words in it " * 4 for i in range(9)])
    ctx = ctx_for(fonts, (1024, 768), 2.0)
    area = pygame.Rect(20, 20, 984, 300)
    cl.layout(ctx, area)
    cl.handle_event(mouse(pygame.MOUSEMOTION, (500, 700)))  # pointer below the list
    assert not cl.handle_event(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1)).handled
    cl.handle_event(mouse(pygame.MOUSEMOTION, area.center))
    result = cl.handle_event(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1))
    assert result.handled and result.redraw and cl.scroll > 0
    # A click on a scrolled button hits the button drawn under the pointer.
    shown = cl.buttons[1].rect.move(0, -cl.scroll)
    if area.collidepoint(shown.center):
        cl.handle_event(mouse(pygame.MOUSEBUTTONDOWN, shown.center))
        cl.handle_event(mouse(pygame.MOUSEBUTTONUP, shown.center))
        assert cl.picked == 1


def test_instant_text_set_before_layout(fonts: FontCache) -> None:
    tb = TextBox()
    tb.set_text("Shown at once.", reveal=False)
    ctx = ctx_for(fonts)
    tb.layout(ctx, scene_layout(ctx).text_box)
    assert not tb.revealing


def test_focus_ring_hidden_until_keyboard_used(fonts: FontCache) -> None:
    cl = laid_out_choices(fonts)
    cl.handle_event(mouse(pygame.MOUSEMOTION, cl.buttons[0].rect.center))
    assert cl.focus_index is None and not any(b.show_focus and b.focused for b in cl.buttons)
    cl.handle_event(keydown(pygame.K_TAB))
    assert cl.buttons[0].focused and cl.buttons[0].show_focus


# --- the toolkit's shared parts ----------------------------------------------------------------


def test_column_is_a_widget_that_nests(fonts: FontCache) -> None:
    ctx = ctx_for(fonts)
    clicks: list[str] = []
    inner = Column([Button("Inner", lambda: clicks.append("inner"))])
    outer = Column([Paragraph("Above"), inner])
    assert isinstance(outer, Widget) and not outer.focusable
    outer.layout(ctx, pygame.Rect(40, 40, 600, 400))
    assert outer.rect == pygame.Rect(40, 40, 600, 400)
    button = inner.widgets[0]
    assert outer.rect.contains(inner.rect) and inner.rect.contains(button.rect)
    at = button.rect.center
    outer.handle_event(mouse(pygame.MOUSEBUTTONDOWN, at))
    assert outer.handle_event(mouse(pygame.MOUSEBUTTONUP, at)).redraw
    assert clicks == ["inner"]
    assert ("Inner", button.rect) in outer.targets()


def test_paragraph_colour_is_a_palette_role(fonts: FontCache) -> None:
    ctx = ctx_for(fonts)
    surface = pygame.Surface((400, 100))
    seen = []
    for role in (Role.BODY_TEXT, Role.MUTED_TEXT):
        surface.fill((0, 0, 0))
        p = Paragraph("Mmmm", TextStyle.HEADING, colour=role)
        p.layout(ctx, pygame.Rect(0, 0, 400, 100))
        p.draw(surface)
        colours = {tuple(surface.get_at((x, y)))[:3] for x in range(200) for y in range(60)}
        assert ctx.theme.palette.rgb(role) in colours
        seen.append(colours)
    assert seen[0] != seen[1]


def test_card_stripe_uses_its_role(fonts: FontCache) -> None:
    ctx = ctx_for(fonts)
    surface = pygame.Surface((500, 200))
    card = Card("Title", [CardLine("Line", colour=Role.MUTED_TEXT)], stripe=Role.TONE_HARD)
    card.layout(ctx, pygame.Rect(0, 0, 500, card.measure(ctx, 500)))
    card.draw(surface)
    bar_x = card._pads(ctx)[0] // 2 + 1
    assert tuple(surface.get_at((bar_x, card.rect.centery)))[:3] == ctx.theme.palette.tone_hard


def test_clipped_restores_the_previous_clip() -> None:
    surface = pygame.Surface((100, 100))
    surface.set_clip(pygame.Rect(10, 10, 50, 50))
    with clipped(surface, pygame.Rect(30, 30, 100, 100)):
        assert surface.get_clip() == pygame.Rect(30, 30, 30, 30)
    assert surface.get_clip() == pygame.Rect(10, 10, 50, 50)


def test_targets_come_from_the_widgets(fonts: FontCache) -> None:
    ctx = ctx_for(fonts)
    enabled, disabled = Button("On"), Button("Off", enabled=False)
    toggle = Toggle("Sound", True)
    for i, w in enumerate((enabled, disabled, toggle)):
        w.layout(ctx, pygame.Rect(0, 80 * i, 300, 60))
    assert enabled.targets() == [("On", enabled.rect)]
    assert disabled.targets() == []
    assert toggle.targets() == [("Sound", toggle.rect)]
    assert Paragraph("Words").targets() == []


def test_pages_break_between_sentences_where_they_can(fonts: FontCache) -> None:
    ctx = ctx_for(fonts, (1024, 768), 1.0)
    lh = ctx.line_height(TextStyle.BODY)
    text = "It was late.\nYou were tired.\nThe phone lit up\nwith his name\nand then went dark."
    block = layout_text(text, ctx.font(TextStyle.BODY), 2000, line_height=lh)
    assert [ln.text for ln in block.paginate(4 * lh)[0].lines][-1] == "with his name"
    pages = sentence_pages(block, 4 * lh)
    assert [[ln.text for ln in p.lines] for p in pages] == [
        ["It was late.", "You were tired."],
        ["The phone lit up", "with his name", "and then went dark."],
    ]
    # No sentence ends in a page's lower half: the page is cut where it is full.
    assert len(sentence_pages(block, 2 * lh)) == len(block.paginate(2 * lh))
