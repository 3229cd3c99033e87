"""The title screen: the story's name over the title picture and the main choices."""

from __future__ import annotations

import pygame

from game.persistence.saves import SaveFile

from ..host import Host
from ..slots import LOADING
from ..text_layout import TextBlock, draw_lines, layout_text
from ..theme import Role, TextStyle
from ..voicing import Spoken, widget_words
from ..widgets import Button, Card, CardLine, Paragraph, Widget, ring_room
from .common import PageScreen

UNKNOWN_TIME = "unknown time"


def when_text(save: SaveFile) -> str:
    """A save's time for people: "today at 14:02", "yesterday at 9:15", "3 May 2026, 14:02",
    or "unknown time" for a time that cannot be shown."""
    from datetime import datetime, timedelta

    when = save.saved_at_time
    if when is None:
        return UNKNOWN_TIME
    local = when.astimezone()
    today = datetime.now().astimezone().date()
    clock = f"{local.hour}:{local.minute:02d}"
    if local.date() == today:
        return f"today at {clock}"
    if local.date() == today - timedelta(days=1):
        return f"yesterday at {clock}"
    return f"{local.day} {local.strftime('%B')} {local.year}, {clock}"


class TitleScreen(PageScreen):
    """Continue (the latest save), New game, Load, Settings, Endings, Quit.

    The title and the buttons sit in a band down the left side so the picture stays visible.
    """

    closable = False

    def __init__(self, app: Host) -> None:
        self.latest: SaveFile | None = None
        self.loading = True  # until the worker has found the latest save (for Continue)
        super().__init__(app, None, self._entries(app), ())
        story_id, slots = app.story.id, app.slots
        app.worker.fetch("latest", lambda: slots.latest(story_id), self._show_latest)
        self.column.center = False
        self._title: TextBlock | None = None
        self._hint: TextBlock | None = None
        self._band = pygame.Rect(0, 0, 0, 0)
        self._title_at = (0, 0)
        self._hint_at = (0, 0)
        self._cache: dict[tuple[str, tuple[int, int, int]], pygame.Surface] = {}
        self._band_cache: tuple[object, pygame.Surface] | None = None

    def spoken_parts(self) -> Spoken:
        """The story's title (drawn, not a heading) and the focused button."""
        return Spoken(title=self.app.story.title, focus=widget_words(self.focused))

    def _entries(self, app: Host) -> list[Widget]:
        out: list[Widget] = []

        def button(label: str, action: object) -> Button:
            assert callable(action)
            return Button(label, action, style=TextStyle.BUTTON)

        latest = self.latest
        if self.loading:
            out.append(Paragraph(LOADING, TextStyle.LABEL, colour=Role.SCRIM_MUTED_TEXT))
        elif latest is not None:
            out.append(
                Card(
                    "Continue",
                    [CardLine(f"{latest.label} · {when_text(latest)}", colour=Role.MUTED_TEXT)],
                    on_click=lambda: self._continue(latest.slot),
                )
            )
        out += [
            button("New game", app.nav.new_game),
            button("Load", lambda: app.nav.open_saves("load")),
            button("Settings", app.nav.open_settings),
            button("Endings", app.nav.open_gallery),
            button("Quit", app.nav.request_quit),
        ]
        return out

    def _show_latest(self, latest: SaveFile | None) -> None:
        """The worker found the latest save: Continue in place of "Loading…"."""
        self.latest, self.loading = latest, False
        self.set_body(self._entries(self.app))

    def _continue(self, slot: str) -> None:
        self.app.saving.load_slot(slot)

    def backdrop_image(self) -> str | None:
        """Always the story's title picture (`title_image:`), if it names one."""
        return self.app.story.title_image

    def relayout(self) -> None:
        """A band on the left (wider with big text): title, the buttons, a hint at the bottom."""
        ctx = self.ctx
        m, sp = ctx.metrics, ctx.theme.spacing
        w, h = self.size
        pad = m.text_px(sp.xl)
        ring = ring_room(ctx)
        column_w = m.text_px(sp.title_column)
        title_font = ctx.font(TextStyle.TITLE)
        hint_h = ctx.line_height(TextStyle.SMALL)
        title_h = ctx.line_height(TextStyle.TITLE)
        one = column_w
        # A little air above the title on tall windows, and one column of buttons; with big
        # text on a short window, two columns, then the air goes too, before the list scrolls.
        for top, columns in (
            (max(m.margin, min(round(h * 0.1), h - 900)), 1),
            (max(m.margin, min(round(h * 0.1), h - 900)), 2),
            (m.margin, 2),
        ):
            room = h - top - title_h - m.text_px(sp.lg) - m.margin - hint_h - m.text_px(sp.md)
            self.column.columns = columns
            column_w = min(w - 2 * pad - 2 * ring, columns * one + 2 * (columns - 1) * ring)
            if self.column.measure(ctx, column_w + 2 * ring) <= room:
                break
        widest = max(column_w, title_font.size(self.app.story.title)[0])
        band_w = min(w, widest + 2 * pad + 2 * ring)
        band_w = max(band_w, min(w, round(w * 0.36)))
        self._band = pygame.Rect(0, 0, band_w, h)
        inner_w = band_w - 2 * pad
        self._title = layout_text(
            self.app.story.title,
            title_font,
            inner_w,
            line_height=ctx.line_height(TextStyle.TITLE),
        )
        self._hint = layout_text(
            "F1 or ? shows every key.",
            ctx.font(TextStyle.SMALL),
            inner_w,
            line_height=ctx.line_height(TextStyle.SMALL),
        )
        self._cache.clear()
        self._title_at = (pad, top)
        body_top = top + self._title.height + m.text_px(sp.lg)
        hint_top = h - m.margin - self._hint.height
        self._hint_at = (pad, hint_top)
        viewport = pygame.Rect(
            pad - ring,
            body_top - ring,
            min(inner_w, column_w) + 2 * ring,
            max(1, hint_top - m.text_px(sp.md) - body_top + 2 * ring),
        )
        self.column.layout(ctx, viewport)
        focused = self.focused
        if focused is not None:
            self.column.ensure_visible(focused)

    def _band_surface(self) -> pygame.Surface:
        """The scrim behind the band, fading out over its right edge (cached per size)."""
        p = self.ctx.theme.palette
        fade = self.ctx.metrics.px(self.ctx.theme.spacing.xl * 3)
        key = (self._band.size, p.scrim, fade)
        if self._band_cache is not None and self._band_cache[0] == key:
            return self._band_cache[1]
        w, h = self._band.width + fade, max(1, self._band.height)
        layer = pygame.Surface((max(1, w), h), pygame.SRCALPHA)
        layer.fill(p.scrim)
        r, g, b, a = p.scrim
        for i in range(fade):
            alpha = round(a * (1 - (i + 1) / (fade + 1)))
            pygame.draw.line(
                layer, (r, g, b, alpha), (self._band.width + i, 0), (self._band.width + i, h)
            )
        self._band_cache = (key, layer)
        return layer

    def draw(self, surface: pygame.Surface) -> None:
        """Picture, the band's scrim, title, buttons and the hint."""
        ctx = self.ctx
        p = ctx.theme.palette
        name = self.app.story.title_image
        picture = self.app.assets.kept_scaled_image(name, surface.get_size()) if name else None
        if picture is not None:
            surface.blit(picture, (0, 0))
        else:
            surface.fill(p.window)
        surface.blit(self._band_surface(), (0, 0))
        self._draw_block(surface, TextStyle.TITLE, self._title, p.title_text, self._title_at)
        self.column.draw(surface)
        self._draw_block(surface, TextStyle.SMALL, self._hint, p.scrim_muted_text, self._hint_at)

    def _draw_block(
        self,
        surface: pygame.Surface,
        style: TextStyle,
        block: TextBlock | None,
        colour: tuple[int, int, int],
        at: tuple[int, int],
    ) -> None:
        if block is not None:
            font = self.ctx.font(style)
            line_height = block.line_height
            draw_lines(
                surface, font, block.lines, colour, at, line_height=line_height, cache=self._cache
            )
