"""The window's widget toolkit: one module per widget family, re-exported here.

Widgets are laid out from a `UIContext` and a rectangle and never draw outside it; `Column`
scrolls whatever does not fit, so no text is ever clipped at any window or reading size.
"""

from .base import (
    ACTIVATE_KEYS,
    CHANGED,
    HANDLED,
    IGNORED,
    REDRAW,
    Arranged,
    EventResult,
    LaidText,
    UIContext,
    Widget,
    button_colours,
    event_pos,
    is_left,
    is_shift_tab,
    number_key,
    ring_room,
    widget_gap,
)
from .buttons import Button, Pressable
from .cards import Card, CardLine
from .charts import MeterChart
from .choices import ChoiceList
from .column import Column
from .diagnostics import DiagnosticView
from .fields import TextField
from .focus import FocusGroup
from .layout import (
    QUICK_LABELS,
    ChoiceFit,
    QuickButton,
    SceneGeometry,
    SceneLayout,
    fit_buttons,
    fit_choices,
    place_buttons,
    scene_geometry,
    scene_layout,
)
from .messages import MessageThread, phone_rect
from .pair import Pair
from .radio import RadioRow
from .rows import SettingRow, Slider, Toggle
from .text import KeyRow, Paragraph, Spacer, Speech
from .textbox import TextBox, ellipsize

__all__ = [
    "ACTIVATE_KEYS",
    "CHANGED",
    "HANDLED",
    "IGNORED",
    "QUICK_LABELS",
    "REDRAW",
    "Arranged",
    "Button",
    "Card",
    "CardLine",
    "ChoiceFit",
    "ChoiceList",
    "Column",
    "DiagnosticView",
    "EventResult",
    "FocusGroup",
    "KeyRow",
    "LaidText",
    "MessageThread",
    "MeterChart",
    "Pair",
    "Paragraph",
    "Pressable",
    "QuickButton",
    "RadioRow",
    "SceneGeometry",
    "SceneLayout",
    "SettingRow",
    "Slider",
    "Spacer",
    "Speech",
    "TextBox",
    "TextField",
    "Toggle",
    "UIContext",
    "Widget",
    "button_colours",
    "ellipsize",
    "event_pos",
    "fit_buttons",
    "fit_choices",
    "is_left",
    "is_shift_tab",
    "number_key",
    "phone_rect",
    "place_buttons",
    "ring_room",
    "scene_geometry",
    "scene_layout",
    "widget_gap",
]
