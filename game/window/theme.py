"""The look of the window in one place: colours, font files, type sizes and spacing.

Everything here is plain data (frozen dataclasses) plus the colour arithmetic that proves the
palettes readable; nothing imports pygame, so the contrast tests run anywhere.
Sizes are given in *reference pixels* for a 1280×720 window and turned into real pixels by
`compute_metrics`, which also applies the player's reading scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

Color = tuple[int, int, int]
RGBA = tuple[int, int, int, int]

READING_SCALE_MIN = 0.75
READING_SCALE_MAX = 2.0

# Reference window the sizes below are designed for; other windows scale from it.
REFERENCE_SIZE = (1280, 720)
# Below this the interface would get too small to read on a 1024×768 laptop, so it stops shrinking.
MIN_UI_SCALE = 0.8
# Layouts are never made for less than this; a smaller window shows the same picture scaled
# down. 720 (not 768) tall so a 1280×720 projector is drawn at its native size.
MIN_WINDOW = (1024, 720)
DEFAULT_WINDOW = (1280, 800)
# Facilitator mode keeps text projector-sized: the reading scale never goes below this.
FACILITATOR_READING_SCALE = 1.5

WHITE: Color = (255, 255, 255)
BLACK: Color = (0, 0, 0)


# --- colour arithmetic -------------------------------------------------------------------------


def parse_hex(text: str) -> Color:
    """Parse "#rgb" or "#rrggbb" (the story's character colours) into an RGB tuple."""
    value = text.strip().removeprefix("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if len(value) != 6:
        raise ValueError(f"not a colour: {text!r} (expected #rrggbb)")
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    except ValueError:
        raise ValueError(f"not a colour: {text!r} (expected #rrggbb)") from None


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    r, g, b = color[:3]
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio between two opaque colours, from 1.0 to 21.0."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def composite(top: RGBA | Color, under: Color) -> Color:
    """The opaque colour seen when `top` (possibly translucent) is drawn over `under`."""
    alpha = (top[3] if len(top) == 4 else 255) / 255
    return (
        round(top[0] * alpha + under[0] * (1 - alpha)),
        round(top[1] * alpha + under[1] * (1 - alpha)),
        round(top[2] * alpha + under[2] * (1 - alpha)),
    )


def worst_contrast(text: Color, background: RGBA | Color) -> float:
    """Contrast of `text` on `background`, assuming anything at all may show through it.

    A translucent panel lies over a picture we do not control. Whatever shows through, the
    panel's luminance lands between the panel over pure black and over pure white. If the text's
    own luminance lies inside that range some picture makes it vanish (ratio 1); otherwise the
    nearer end of the range is the worst case.
    """
    if len(background) == 3 or background[3] == 255:
        return contrast_ratio(text, background[:3])
    over_black = composite(background, BLACK)
    over_white = composite(background, WHITE)
    lo, hi = relative_luminance(over_black), relative_luminance(over_white)
    if lo <= relative_luminance(text) <= hi:
        return 1.0
    return min(contrast_ratio(text, over_black), contrast_ratio(text, over_white))


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend from `a` (t=0) to `b` (t=1)."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def ensure_contrast(color: Color, background: RGBA | Color, minimum: float) -> Color:
    """Lighten or darken `color` just enough to reach `minimum` contrast on `background`.

    Used for the story's speaker colours, which authors pick freely: the hue stays, the
    lightness moves toward white or black (whichever can reach the target).
    """
    if worst_contrast(color, background) >= minimum:
        return color
    best = (
        WHITE if worst_contrast(WHITE, background) >= worst_contrast(BLACK, background) else BLACK
    )
    lo, hi = 0.0, 1.0
    for _ in range(24):  # binary search on the blend amount: contrast grows monotonically with it
        mid = (lo + hi) / 2
        if worst_contrast(mix(color, best, mid), background) >= minimum:
            hi = mid
        else:
            lo = mid
    return mix(color, best, hi)


# --- palettes ----------------------------------------------------------------------------------


class Role(Enum):
    """A palette colour by name, checked by mypy: `palette[Role.BODY_TEXT]`."""

    WINDOW = "window"
    SCRIM = "scrim"
    PANEL = "panel"
    PANEL_EDGE = "panel_edge"
    NAMEPLATE = "nameplate"
    BUTTON = "button"
    BUTTON_HOVER = "button_hover"
    BUTTON_PRESSED = "button_pressed"
    BUTTON_DISABLED = "button_disabled"
    BUTTON_EDGE = "button_edge"
    BADGE = "badge"
    TRACK = "track"
    ACCENT = "accent"
    FOCUS = "focus"
    WARNING = "warning"
    TONE_HOPEFUL = "tone_hopeful"
    TONE_BITTERSWEET = "tone_bittersweet"
    TONE_HARD = "tone_hard"
    FOCUS_HALO = "focus_halo"
    BODY_TEXT = "body_text"
    MUTED_TEXT = "muted_text"
    NAMEPLATE_TEXT = "nameplate_text"
    BUTTON_TEXT = "button_text"
    BUTTON_HOVER_TEXT = "button_hover_text"
    BUTTON_PRESSED_TEXT = "button_pressed_text"
    BUTTON_DISABLED_TEXT = "button_disabled_text"
    BADGE_TEXT = "badge_text"
    TITLE_TEXT = "title_text"
    SCRIM_MUTED_TEXT = "scrim_muted_text"


@dataclass(frozen=True)
class Palette:
    """Every colour the window draws. Text colours end in `_text`; `TEXT_ON` names their grounds."""

    window: Color  # the window's clear colour and the plain colour behind a missing image
    scrim: RGBA  # darkens a picture behind titles and menus
    panel: RGBA  # the text box and other panels
    panel_edge: RGBA  # a hairline around panels
    nameplate: RGBA
    button: RGBA
    button_hover: RGBA
    button_pressed: RGBA
    button_disabled: RGBA
    button_edge: RGBA
    badge: RGBA  # the little square that shows a choice's number key
    track: RGBA  # slider track and toggle background when off
    accent: Color  # slider fill, toggle when on, the "more" cue
    focus: Color  # the keyboard focus ring and marker
    warning: Color  # the marker beside a problem (a damaged save); always with words beside it
    tone_hopeful: Color  # the ending tone's stripe; the tone's name is always written beside it
    tone_bittersweet: Color
    tone_hard: Color
    focus_halo: Color  # a thin outline around the ring so it shows on any picture
    body_text: Color  # on panel
    muted_text: Color  # on panel: page numbers, hints
    nameplate_text: Color  # on nameplate (when the speaker has no colour of their own)
    button_text: Color
    button_hover_text: Color
    button_pressed_text: Color
    button_disabled_text: Color
    badge_text: Color
    title_text: Color  # on scrim
    scrim_muted_text: Color  # on scrim: subtitles, version line

    def __getitem__(self, role: Role) -> Color | RGBA:
        """The colour a role names (with alpha where the field has it)."""
        value: Color | RGBA = getattr(self, role.value)
        return value

    def rgb(self, role: Role) -> Color:
        """The colour a role names without its alpha (text, stripes and shapes are opaque)."""
        value = self[role]
        return (value[0], value[1], value[2])


def tone_role(tone: str) -> Role:
    """The stripe colour for an ending's tone ("hopeful", "bittersweet", "hard"); else accent."""
    return {
        "hopeful": Role.TONE_HOPEFUL,
        "bittersweet": Role.TONE_BITTERSWEET,
        "hard": Role.TONE_HARD,
    }.get(tone, Role.ACCENT)


# Which ground each text colour is drawn on. The contrast test walks this table, and checks
# that no `*_text` field is missing from it, so a new colour cannot dodge the check.
TEXT_ON: dict[Role, tuple[Role, ...]] = {
    Role.BODY_TEXT: (Role.PANEL, Role.WINDOW),
    Role.MUTED_TEXT: (Role.PANEL, Role.WINDOW, Role.BUTTON, Role.BUTTON_HOVER, Role.NAMEPLATE),
    Role.NAMEPLATE_TEXT: (Role.NAMEPLATE,),
    Role.BUTTON_TEXT: (Role.BUTTON,),
    Role.BUTTON_HOVER_TEXT: (Role.BUTTON_HOVER,),
    Role.BUTTON_PRESSED_TEXT: (Role.BUTTON_PRESSED,),
    Role.BUTTON_DISABLED_TEXT: (Role.BUTTON_DISABLED,),
    Role.BADGE_TEXT: (Role.BADGE,),
    Role.TITLE_TEXT: (Role.SCRIM, Role.WINDOW),
    Role.SCRIM_MUTED_TEXT: (Role.SCRIM, Role.WINDOW),
}

# Shapes that carry meaning (focus ring, slider fill, the Role.MORE cue) against what they sit on.
# WCAG asks 3:1 for such non-text parts.
SHAPE_ON: dict[Role, tuple[Role, ...]] = {
    Role.FOCUS: (Role.FOCUS_HALO, Role.BUTTON, Role.BUTTON_HOVER, Role.PANEL),
    Role.ACCENT: (Role.PANEL, Role.TRACK),
    Role.WARNING: (Role.PANEL,),
    Role.TONE_HOPEFUL: (Role.PANEL,),
    Role.TONE_BITTERSWEET: (Role.PANEL,),
    Role.TONE_HARD: (Role.PANEL,),
}


def text_pairs(palette: Palette) -> list[tuple[Role, Role, float]]:
    """Every (text colour, ground, worst-case contrast) the palette promises to keep."""
    return [
        (text, ground, worst_contrast(palette.rgb(text), palette[ground]))
        for text, grounds in TEXT_ON.items()
        for ground in grounds
    ]


def shape_pairs(palette: Palette) -> list[tuple[Role, Role, float]]:
    """Every (shape colour, ground, worst-case contrast) for meaningful non-text shapes."""
    return [
        (shape, ground, worst_contrast(palette.rgb(shape), palette[ground]))
        for shape, grounds in SHAPE_ON.items()
        for ground in grounds
    ]


def text_roles() -> list[Role]:
    """All text colours in `Palette` (roles whose field ends in `_text`)."""
    return [role for role in Role if role.value.endswith("_text")]


DEFAULT_PALETTE = Palette(
    window=(22, 26, 36),
    scrim=(10, 13, 22, 176),
    panel=(14, 18, 28, 224),
    panel_edge=(255, 255, 255, 30),
    nameplate=(26, 32, 46, 240),
    button=(20, 25, 37, 222),
    button_hover=(44, 54, 78, 236),
    button_pressed=(12, 15, 24, 244),
    button_disabled=(20, 25, 37, 222),
    button_edge=(255, 255, 255, 46),
    badge=(238, 232, 220, 255),
    track=(60, 68, 88, 255),
    accent=(132, 184, 232),
    focus=(255, 205, 96),
    warning=(240, 150, 90),
    tone_hopeful=(132, 206, 150),
    tone_bittersweet=(226, 178, 112),
    tone_hard=(222, 126, 132),
    focus_halo=(8, 10, 16),
    body_text=(242, 238, 230),
    muted_text=(182, 188, 200),
    nameplate_text=(248, 244, 236),
    button_text=(238, 240, 244),
    button_hover_text=(255, 255, 255),
    button_pressed_text=(226, 230, 238),
    button_disabled_text=(164, 170, 182),
    badge_text=(20, 24, 34),
    title_text=(250, 246, 238),
    scrim_muted_text=(206, 210, 220),
)

HIGH_CONTRAST_PALETTE = Palette(
    window=(0, 0, 0),
    scrim=(0, 0, 0, 232),
    panel=(0, 0, 0, 255),
    panel_edge=(255, 255, 255, 255),
    nameplate=(0, 0, 0, 255),
    button=(0, 0, 0, 255),
    button_hover=(38, 38, 38, 255),
    button_pressed=(255, 255, 255, 255),
    button_disabled=(0, 0, 0, 255),
    button_edge=(255, 255, 255, 255),
    badge=(255, 255, 255, 255),
    track=(90, 90, 90, 255),
    accent=(255, 230, 0),
    focus=(255, 230, 0),
    warning=(255, 170, 60),
    tone_hopeful=(110, 255, 150),
    tone_bittersweet=(255, 200, 90),
    tone_hard=(255, 130, 140),
    focus_halo=(0, 0, 0),
    body_text=(255, 255, 255),
    muted_text=(236, 236, 236),
    nameplate_text=(255, 255, 255),
    button_text=(255, 255, 255),
    button_hover_text=(255, 255, 255),
    button_pressed_text=(0, 0, 0),
    button_disabled_text=(200, 200, 200),
    badge_text=(0, 0, 0),
    title_text=(255, 255, 255),
    scrim_muted_text=(236, 236, 236),
)


# --- fonts -------------------------------------------------------------------------------------


class FontChoice(str, Enum):
    """The player's font setting."""

    STANDARD = "standard"
    DYSLEXIC = "dyslexic"


class FontRole(str, Enum):
    """What a piece of text is for; each role maps to one font file."""

    REGULAR = "regular"
    BOLD = "bold"
    ITALIC = "italic"
    DISPLAY = "display"
    DISPLAY_ITALIC = "display_italic"


@dataclass(frozen=True)
class FontFaces:
    """The font files (names under assets/fonts) for each role, and how to size them."""

    regular: str
    bold: str
    italic: str
    display: str
    display_italic: str
    # OpenDyslexic's letters are much larger than Inter's at the same pixel size; this evens
    # out the visual size so a reading-scale setting means the same thing in both.
    size_adjust: float = 1.0
    # Extra leading on top of the font's own line height, for comfortable reading.
    line_spacing: float = 1.18

    def file_for(self, role: FontRole) -> str:
        """The file name for a role."""
        return str(getattr(self, role.value))

    def files(self) -> tuple[str, ...]:
        """Every distinct file these faces use."""
        return tuple(dict.fromkeys(self.file_for(role) for role in FontRole))


STANDARD_FACES = FontFaces(
    regular="Inter-Regular.otf",
    bold="Inter-SemiBold.otf",
    italic="Inter-Italic.otf",
    display="EBGaramond12-Regular.otf",
    display_italic="EBGaramond12-Italic.otf",
)

DYSLEXIC_FACES = FontFaces(
    regular="OpenDyslexic-Regular.otf",
    bold="OpenDyslexic-Bold.otf",
    # OpenDyslexic's italic is hard to read for the people who choose this font; keep upright.
    italic="OpenDyslexic-Regular.otf",
    display="OpenDyslexic-Regular.otf",
    display_italic="OpenDyslexic-Regular.otf",
    size_adjust=0.84,
    line_spacing=1.0,  # its built-in line height is already generous
)

FACES: dict[FontChoice, FontFaces] = {
    FontChoice.STANDARD: STANDARD_FACES,
    FontChoice.DYSLEXIC: DYSLEXIC_FACES,
}


class TextStyle(str, Enum):
    """Named text styles; `Metrics.font_px` and `STYLE_ROLE` give their size and face."""

    BODY = "body"
    NAME = "name"
    CHOICE = "choice"
    BUTTON = "button"
    LABEL = "label"
    SMALL = "small"
    HEADING = "heading"
    TITLE = "title"
    SUBTITLE = "subtitle"


STYLE_ROLE: dict[TextStyle, FontRole] = {
    TextStyle.BODY: FontRole.REGULAR,
    TextStyle.NAME: FontRole.BOLD,
    TextStyle.CHOICE: FontRole.REGULAR,
    TextStyle.BUTTON: FontRole.BOLD,
    TextStyle.LABEL: FontRole.REGULAR,
    TextStyle.SMALL: FontRole.REGULAR,
    TextStyle.HEADING: FontRole.BOLD,
    TextStyle.TITLE: FontRole.DISPLAY,
    TextStyle.SUBTITLE: FontRole.DISPLAY_ITALIC,
}


@dataclass(frozen=True)
class TypeScale:
    """Type sizes in reference pixels (1280×720 window, reading scale 1.0)."""

    body: float = 25
    name: float = 22
    choice: float = 23
    button: float = 22
    label: float = 21
    small: float = 17
    heading: float = 32
    title: float = 84
    subtitle: float = 30
    # Nothing is ever drawn smaller than this many real pixels, however small the window.
    min_px: int = 14

    def size_of(self, style: TextStyle) -> float:
        """The reference size of a style."""
        return float(getattr(self, style.value))


@dataclass(frozen=True)
class Spacing:
    """Spacing and shape sizes in reference pixels."""

    xs: float = 4
    sm: float = 8
    md: float = 14
    lg: float = 22
    xl: float = 36
    margin: float = 28  # between the window edge and any panel
    radius: float = 12  # corner radius of panels and buttons
    border: float = 1  # hairline border of panels and buttons
    focus_ring: float = 3  # thickness of the focus outline
    focus_gap: float = 3  # space between a widget and its focus outline
    focus_marker: float = 6  # width of the bar at the left of a focused item
    text_box_min_lines: int = 3  # the text box always has room for this many lines
    text_box_max_height: float = 0.42  # ... and never takes more of the window than this
    # ... except while reading big text on a short window, when three lines need more room
    # (the choices are not on screen then, so the box may grow to this share of the window).
    text_box_reading_max: float = 0.62
    content_width: float = 920  # the widest a text column gets, so lines stay readable (~75 chars)
    dialog_width: float = 560  # menus and confirmations: narrower than a page of text
    title_column: float = 420  # the title screen's column of buttons
    thumbnail_width: float = 192  # a save slot's picture (16:9) on the save/load page
    thumbnail_file_width: int = 320  # the PNG written beside a save, in real pixels
    chart_height: float = 96  # one meter's little chart on the ending page
    chart_min_width: float = 300  # below this the meters stack one per row
    scrollbar: float = 6  # width of a page's scrollbar
    stripe: float = 5  # coloured bar at the left of cards (tone, speaker): never the only cue
    button_min_width: float = 150  # footer buttons are at least this wide, so short words
    # ("Back") still make a comfortable target
    chart_inset: float = 10  # room inside a meter chart's frame around the plotted line


@dataclass(frozen=True)
class Motion:
    """How long things stay and fade, in seconds. Reduced motion drops every fade."""

    chapter_banner: float = 4.0  # a new chapter's name stays this long at the top
    toast: float = 2.6  # "Saved" and other short notes
    long_toast: float = 6.0  # notes with something to read (a damaged save, a changed story)
    fade: float = 0.6  # the last part of a banner or toast fades out
    typing: float = 0.9  # typing dots show this long before the other person's text arrives
    scroll_lines: int = 3  # one notch of the mouse wheel scrolls this many lines


@dataclass(frozen=True)
class Theme:
    """A complete look: a palette plus type and spacing."""

    name: str
    palette: Palette
    type_scale: TypeScale = TypeScale()
    spacing: Spacing = Spacing()
    motion: Motion = Motion()
    min_text_contrast: float = 4.5  # what `tests/ui/test_theme.py` holds every text pair to
    min_shape_contrast: float = 3.0
    border_scale: float = 1.0  # high contrast draws heavier borders

    def speaker_colour(self, colour: Color | None) -> Color:
        """A speaker's name colour made readable on the name plate (the theme's colour if none)."""
        if colour is None:
            return self.palette.nameplate_text
        return ensure_contrast(colour, self.palette.nameplate, self.min_text_contrast)


DEFAULT_THEME = Theme(name="default", palette=DEFAULT_PALETTE, min_text_contrast=4.5)
HIGH_CONTRAST_THEME = Theme(
    name="high_contrast",
    palette=HIGH_CONTRAST_PALETTE,
    min_text_contrast=7.0,
    min_shape_contrast=4.5,
    border_scale=2.0,
)
THEMES: dict[str, Theme] = {t.name: t for t in (DEFAULT_THEME, HIGH_CONTRAST_THEME)}


# --- metrics: reference sizes -> pixels for one window ------------------------------------------


def clamp_reading_scale(scale: float) -> float:
    """Keep a reading scale inside 0.75–2.0 (settings files may hold anything)."""
    if not math.isfinite(scale):
        return 1.0
    return min(READING_SCALE_MAX, max(READING_SCALE_MIN, scale))


def ui_scale_for(size: tuple[int, int]) -> float:
    """How much bigger than the 1280×720 reference this window is (fits the tighter axis)."""
    w, h = size
    return max(MIN_UI_SCALE, min(w / REFERENCE_SIZE[0], h / REFERENCE_SIZE[1]))


@dataclass(frozen=True)
class Metrics:
    """Real pixel sizes for one window size, reading scale and font choice."""

    window: tuple[int, int]
    ui_scale: float
    reading_scale: float
    faces: FontFaces
    type_scale: TypeScale
    spacing: Spacing
    border_scale: float = 1.0

    @property
    def width(self) -> int:
        """Window width in pixels."""
        return self.window[0]

    @property
    def height(self) -> int:
        """Window height in pixels."""
        return self.window[1]

    def px(self, reference: float) -> int:
        """Scale a reference length (spacing, radius) to pixels; never below 1 for non-zero."""
        if reference == 0:
            return 0
        return max(1, round(reference * self.ui_scale))

    def text_px(self, reference: float) -> int:
        """Scale a reference length that should grow with the reading size (text padding)."""
        # Padding grows more slowly than type so large text does not drown in space.
        return max(1, round(reference * self.ui_scale * math.sqrt(self.reading_scale)))

    def font_px(self, style: TextStyle) -> int:
        """The pixel size of a text style's font."""
        size = (
            self.type_scale.size_of(style)
            * self.ui_scale
            * self.reading_scale
            * self.faces.size_adjust
        )
        return max(self.type_scale.min_px, round(size))

    @property
    def margin(self) -> int:
        """Space between the window edge and panels."""
        return self.px(self.spacing.margin)

    @property
    def radius(self) -> int:
        """Corner radius of panels and buttons."""
        return self.px(self.spacing.radius)

    @property
    def border(self) -> int:
        """Hairline width of panel and button edges."""
        return max(1, round(self.spacing.border * self.ui_scale * self.border_scale))

    @property
    def focus_ring(self) -> int:
        """Thickness of the focus outline; grows with reading size, never thinner than 3 px."""
        return max(3, self.text_px(self.spacing.focus_ring))

    @property
    def focus_gap(self) -> int:
        """Gap between a widget and its focus outline."""
        return max(2, self.px(self.spacing.focus_gap))

    @property
    def focus_marker(self) -> int:
        """Width of the bar drawn inside the left edge of a focused item."""
        return max(4, self.text_px(self.spacing.focus_marker))

    @property
    def content_width(self) -> int:
        """The widest column of running text, in pixels, for this window."""
        # Grows (gently) with the reading size so large text still gets a decent line length.
        return min(self.width - 2 * self.margin, self.text_px(self.spacing.content_width))


def compute_metrics(
    theme: Theme,
    window: tuple[int, int],
    reading_scale: float = 1.0,
    font_choice: FontChoice = FontChoice.STANDARD,
) -> Metrics:
    """Pixel metrics for a window size, a reading scale (0.75–2.0) and a font choice."""
    w, h = max(1, int(window[0])), max(1, int(window[1]))
    return Metrics(
        window=(w, h),
        ui_scale=ui_scale_for((w, h)),
        reading_scale=clamp_reading_scale(reading_scale),
        faces=FACES[font_choice],
        type_scale=theme.type_scale,
        spacing=theme.spacing,
        border_scale=theme.border_scale,
    )
