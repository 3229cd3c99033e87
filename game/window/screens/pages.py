"""Full pages: settings, the ending, the endings gallery and the error page."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pygame

from game.engine.model import Scene
from game.engine.runner import EndingReport
from game.engine.templates import render_at_start
from game.persistence.settings import VOICE_RATE_RANGE

from ..host import Host
from ..theme import Role, TextStyle, tone_role
from ..voicing import NO_ENGINE, VOICE_OFF, VOICE_ON
from ..widgets import Card, CardLine, Paragraph, Slider, Spacer, Toggle, Widget
from .common import PageScreen, footer_button
from .ending import (
    LessonScreen,
    decided_section,
    given_section,
    how_section,
    questions_section,
)
from .intro import reading_slider
from .keys_page import KeysScreen

# Text speeds offered, slowest first; 0 (instant) is the last step.
SPEEDS = (10, 20, 30, 40, 60, 80, 120, 200, 0)


def speed_text(speed: int) -> str:
    """40 -> "40/s", 0 -> "Instant"."""
    return "Instant" if speed == 0 else f"{speed}/s"


def nearest_speed_index(speed: int) -> int:
    """The step for a stored speed (hand-edited files may hold any number)."""
    if speed <= 0:
        return len(SPEEDS) - 1
    steps = SPEEDS[:-1]
    return min(range(len(steps)), key=lambda i: abs(steps[i] - speed))


class SettingsScreen(PageScreen):
    """Every setting; each change shows at once and is saved."""

    def __init__(self, app: Host) -> None:
        s = app.settings
        self.reading = reading_slider(app)
        self.contrast = Toggle(
            "High contrast", s.high_contrast, lambda v: app.update_settings(high_contrast=v)
        )
        self.dyslexic = Toggle(
            "Dyslexia-friendly font",
            s.dyslexic_font,
            lambda v: app.update_settings(dyslexic_font=v),
        )
        self.speed = Slider(
            "Text speed",
            nearest_speed_index(s.text_speed),
            0,
            len(SPEEDS) - 1,
            1,
            lambda v: app.update_settings(text_speed=SPEEDS[int(v)]),
            format_value=lambda v: speed_text(SPEEDS[int(v)]),
        )
        self.auto = Toggle(
            "Auto-advance", s.auto_advance, lambda v: app.update_settings(auto_advance=v)
        )
        self.delay = Slider(
            "Auto-advance delay",
            s.auto_delay,
            0.5,
            10.0,
            0.5,
            lambda v: app.update_settings(auto_delay=v),
            format_value=lambda v: f"{v:g} s",
        )
        self.motion = Toggle(
            "Reduce motion", s.reduced_motion, lambda v: app.update_settings(reduced_motion=v)
        )
        self.fullscreen = Toggle(
            "Full screen", app.display.fullscreen, lambda v: app.update_settings(fullscreen=v)
        )
        self.sound = sound_rows(app)
        rows: list[Slider | Toggle] = [
            self.reading,
            self.contrast,
            self.dyslexic,
            self.speed,
            self.auto,
            self.delay,
            self.motion,
            self.fullscreen,
            *self.sound.values(),
        ]
        for row in rows:  # one value column for all, so the controls line up
            row.value_samples = ["Instant", "10 s", "200%", "Off", "400/min"]
        body: list[Widget] = list(rows)
        # In the footer, not under the rows, so it shows without scrolling at any size.
        change_keys = footer_button("Change keys", lambda: app.manager.push(KeysScreen(app)))
        super().__init__(app, "Settings", body, [change_keys, footer_button("Back", self.back)])

    def relayout(self) -> None:
        """Show the current values (F11 may have changed one) and lay out."""
        s = self.app.settings
        self.contrast.value = s.high_contrast
        self.dyslexic.value = s.dyslexic_font
        self.auto.value = s.auto_advance
        self.motion.value = s.reduced_motion
        self.fullscreen.value = self.app.display.fullscreen
        for name, row in self.sound.items():
            if isinstance(row, Toggle):
                row.value = bool(getattr(s, name))  # V may have turned self-voicing on or off
        super().relayout()


def set_self_voicing(app: Host, on: bool) -> None:
    """Self-voicing on or off, said aloud; without a speech engine, say so on screen instead."""
    if on and app.voicing.backend() is None:
        app.update_settings(self_voicing=False)
        app.toasts.show(NO_ENGINE, long=True)
        app.manager.dirty = True
        return
    app.update_settings(self_voicing=on)
    if on:
        app.voicing.follow(app.manager.top, fresh=True, lead=VOICE_ON)
    elif app.voicing.backend() is not None:
        app.voicing.say(VOICE_OFF)


def sound_rows(app: Host) -> dict[str, Slider | Toggle]:
    """The sound and voice settings, by the name of the setting each one changes."""
    s = app.settings

    def volume(label: str, name: str) -> Slider:
        return Slider(
            label, getattr(s, name), 0.0, 1.0, 0.1, lambda v: app.update_settings(**{name: v})
        )

    def toggle(label: str, name: str) -> Toggle:
        return Toggle(label, getattr(s, name), lambda v: app.update_settings(**{name: v}))

    def voice(on: bool) -> None:
        set_self_voicing(app, on)
        voicing.value = app.settings.self_voicing  # stays off when there is no speech engine

    voicing = Toggle("Self-voicing (V)", s.self_voicing, voice)
    return {
        "muted": toggle("Mute all sound", "muted"),
        "music_volume": volume("Music volume", "music_volume"),
        "ambience_volume": volume("Ambience volume", "ambience_volume"),
        "sound_volume": volume("Sounds volume", "sound_volume"),
        "captions": toggle("Captions for sounds", "captions"),
        "self_voicing": voicing,
        "voice_volume": volume("Voice volume", "voice_volume"),
        "voice_rate": Slider(
            "Voice speed",
            s.voice_rate,
            VOICE_RATE_RANGE[0],
            VOICE_RATE_RANGE[1],
            20,
            lambda v: app.update_settings(voice_rate=int(v)),
            format_value=lambda v: f"{int(v)}/min",
        ),
    }


# --- the ending ---------------------------------------------------------------------------------

TONE_WORDS = {"hopeful": "Hopeful", "bittersweet": "Bittersweet", "hard": "Hard"}


# Seconds the ending page holds still: Space presses still meant for the story's last lines
# must not page past its title and summary before they were seen.
READ_FIRST = 1.0


class EndingScreen(PageScreen):
    """The ending: its title, tone and outcome in words, what decided it, what was never up to
    the player, how it went (in words; numbers for the facilitator), the questions; the
    Lessons button opens every lesson moment in order. Opened again from the endings gallery
    (`kept`), it is only read: Lessons and Back, and Esc closes it."""

    closable = False
    focus_on_enter = False

    def __init__(self, app: Host, report: EndingReport, kept: bool = False) -> None:
        self.report = report
        self.closable = kept
        # From the gallery the player came on purpose, for the lessons: focus starts there.
        self.focus_on_enter = kept
        self.shown_at = 0.0
        tone = report.tone.value
        total = len([s for s in app.story.scenes.values() if s.ending is not None])
        body: list[Widget] = [
            Paragraph("The end", TextStyle.SMALL, colour=Role.MUTED_TEXT, align="center"),
            Paragraph(report.title, TextStyle.TITLE, align="center"),
        ]
        about = "; ".join(lesson.title for lesson in report.focus)
        words = report.outcome_words
        tone_lines = [CardLine(words)] if words else []
        if about:
            tone_lines.append(CardLine(f"This ending is about: {about}."))
        body.append(
            Card(
                f"{TONE_WORDS.get(tone, tone.capitalize())} ending",
                tone_lines,
                stripe=tone_role(tone),
            )
        )
        facilitator = app.options.facilitator
        body += decided_section(app, report)
        body += given_section(app, report)
        body += how_section(app, report, facilitator)
        body += questions_section(app, report)
        decisions = "1 decision" if report.decisions == 1 else f"{report.decisions} decisions"
        found = len(app.found)
        body.append(Spacer(app.ctx.theme.spacing.sm))
        body.append(
            Paragraph(
                f"You made {decisions}. You have found {found} of {total} endings; "
                "play again to find the others.",
                TextStyle.LABEL,
            )
        )
        lessons = footer_button("Lessons", lambda: app.manager.push(LessonScreen(app, report)))
        if kept:
            self.gallery = lessons
            footer = [lessons, footer_button("Back", self.back)]
        else:
            self.gallery = footer_button("Endings", app.nav.open_gallery)
            footer = [
                lessons,
                footer_button("Play again", app.nav.play_again),
                footer_button("What if?", app.nav.open_what_if),
                self.gallery,
                footer_button("Title", app.nav.show_title),
            ]
        super().__init__(app, None, body, footer)

    def initial_focus(self, enabled: list[int]) -> int:
        """Endings (Lessons from the gallery): never Play again, which a player still pressing
        on would start by accident."""
        return self.group.widgets.index(self.gallery)

    def enter(self) -> None:
        """Note when the page appeared (Space waits `READ_FIRST` before it pages)."""
        super().enter()
        self.shown_at = self._now()

    def _now(self) -> float:
        return self.manager.clock.now() if self.manager is not None else 0.0

    def handle_key(self, event: pygame.event.Event) -> bool | None:
        """Space reads on down the page (as it did through the story) instead of pressing;
        for its first moment it does nothing, so the top of the page is seen."""
        if event.key == pygame.K_SPACE and not event.mod & pygame.KMOD_CTRL:
            if self._now() - self.shown_at < READ_FIRST:
                return True
            step = self.column.page_step()
            self.column.scroll_by(-step if event.mod & pygame.KMOD_SHIFT else step)
            return True
        return None


def nice_date(iso: str) -> str:
    """ "2026-05-03" -> "3 May 2026" (anything unreadable is shown as it is)."""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day.strftime('%B')} {day.year}"


# The size gallery pictures are scaled to once; the card scales them on to its own size.
GALLERY_THUMB = (384, 216)


class GalleryScreen(PageScreen):
    """Every ending of the story: found ones with their picture, title, tone and date, opening
    that ending's page again; the rest as "???"."""

    corner = True

    def __init__(self, app: Host) -> None:
        endings = [s for s in app.story.scenes.values() if s.ending is not None]
        count = sum(1 for s in endings if s.id in app.found)
        body: list[Widget] = [
            Paragraph(f"{count} of {len(endings)} found", TextStyle.LABEL, colour=Role.MUTED_TEXT)
        ]
        for scene in endings:
            if scene.id in app.found:
                body.append(self._found_card(app, scene))
            else:
                body.append(Card("???", [CardLine("Not found yet", colour=Role.MUTED_TEXT)]))
        super().__init__(app, "Endings", body, [footer_button("Back", self.back)])

    def _found_card(self, app: Host, scene: Scene) -> Card:
        ending = scene.ending
        assert ending is not None
        tone = ending.tone.value
        lines = [
            CardLine(f"First found on {nice_date(app.found[scene.id])}", colour=Role.MUTED_TEXT)
        ]
        run = app.found_runs.get(scene.id)
        if run is None:
            lines.append(CardLine("Reach it again to keep its page here.", colour=Role.MUTED_TEXT))
        picture = scene.background
        return Card(
            render_at_start(ending.title, app.story),
            lines,
            image=app.assets.scaled_image(picture, GALLERY_THUMB) if picture else None,
            image_slot=True,
            badge=TONE_WORDS.get(tone, tone.capitalize()),
            stripe=tone_role(tone),
            on_click=(lambda: self._open(run)) if run is not None else None,
        )

    def _open(self, run: Mapping[str, Any]) -> None:
        """The ending's page as that game left it; a note instead when the story has changed."""
        report = self.app.session.replay(run)
        if report is None:
            self.app.toasts.show(
                "This ending's page cannot be shown: the story has changed since. "
                "Reach the ending again to keep it.",
                long=True,
            )
            return
        self.app.manager.push(EndingScreen(self.app, report, kept=True))


class ErrorScreen(PageScreen):
    """A calm page after an unexpected error: what happened, where the log is, a way back."""

    closable = False
    fit = True
    story_keys = False

    def __init__(self, app: Host, message: str, log_file: str) -> None:
        body: list[Widget] = [
            Paragraph(
                "The game ran into a problem it did not expect. Nothing you did caused it, "
                "and your progress up to your last decision is safe in the autosave.",
                TextStyle.BODY,
            ),
            Card("What went wrong", [CardLine(message, TextStyle.SMALL)]),
            Paragraph(
                f"A report was written to {log_file}. Sending it to the people who made the "
                "game helps them fix this.",
                TextStyle.SMALL,
                colour=Role.MUTED_TEXT,
            ),
        ]
        footer = [
            footer_button("Back to the last decision", app.saving.recover),
            footer_button("Title", app.nav.show_title),
            footer_button("Quit", app.quit),
        ]
        super().__init__(app, "Something went wrong", body, footer)
