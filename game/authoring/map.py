"""The scene graph as Graphviz DOT: chapters as clusters, start and endings marked, scenes no
play reaches in red, a legend, and each choice's text and condition as its edge's tooltip (SVG
viewers show it on hover)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from game.engine.expr import unparse
from game.engine.model import Choice, Story, Tone
from game.persistence.atomic import atomic_write_text, os_reason
from game.persistence.errors import SaveError

# The first line of every DOT file `map` writes: only files that start with it (or SVGs drawn
# by Graphviz) are replaced without --force, so `-o story.yaml` can never destroy a story.
MARKER = "// Drawn by `reconnect map`: this file is replaced each time the map is drawn."
DRAWN = (".svg", ".png")
SUFFIXES = (".dot", ".gv", *DRAWN)
# A huge story can keep Graphviz busy for minutes; the DOT file is written before it starts.
DRAW_SECONDS = 60


class MapOutputError(Exception):
    """The map cannot be written where asked; the message says why."""


_TONE_COLOURS = {Tone.HOPEFUL: "#9ed9a0", Tone.BITTERSWEET: "#f2d38a", Tone.HARD: "#f0a1a1"}


def _q(text: str) -> str:
    # JSON string escaping is a valid DOT quoted string for everything we emit.
    return json.dumps(text, ensure_ascii=False)


_UNREACHABLE = 'fillcolor="#f4a6a6", color="#c62828", penwidth=2'
_MISSING = 'style="dashed,rounded", color="#c62828", fontcolor="#c62828", fillcolor="#ffffff"'
_LEGEND = (
    ("start", 'shape=circle, fillcolor="#bcd7f5"'),
    ("a scene", ""),
    ("no play reaches it", _UNREACHABLE),
    *(
        (f"{tone.value} ending", f'shape=doubleoctagon, fillcolor="{colour}"')
        for tone, colour in _TONE_COLOURS.items()
    ),
)


def story_dot(story: Story, unreachable: Collection[str] = ()) -> str:
    """DOT source for the story's scenes and the choices and routes between them; scenes in
    `unreachable` are drawn red."""
    lines = [
        MARKER,
        f"digraph {_q(story.id)} {{",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fillcolor="#f4f1ea", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=9, color="#777777"];',
        f"  label={_q(story.title)}; labelloc=t;",
    ]
    for n, chapter in enumerate(story.chapters):
        lines.append(f"  subgraph cluster_{n} {{")
        lines.append(f'    label={_q(chapter)}; color="#cccccc";')
        for sid, scene in story.scenes.items():
            if scene.chapter != chapter:
                continue
            attrs = [f"label={_q(sid)}"]
            if scene.ending is not None:
                colour = _TONE_COLOURS[scene.ending.tone]
                title = _q(f"{sid}\n★ {scene.ending.title.source}")
                attrs = [f"label={title}", "shape=doubleoctagon", f'fillcolor="{colour}"']
            if sid == story.start:
                attrs += ["penwidth=3", 'fillcolor="#bcd7f5"']
            if sid in unreachable:
                attrs += [_UNREACHABLE, f"tooltip={_q(f'{sid}: no play reaches this scene')}"]
            elif scene.beats:
                attrs.append(f"tooltip={_q(scene.beats[0].text.source)}")
            lines.append(f"    {_q(sid)} [{', '.join(attrs)}];")
        lines.append("  }")
    lines += _legend()
    lines += _missing_targets(story)
    lines.append('  "__start__" [label="start", shape=circle, fillcolor="#bcd7f5"];')
    lines.append(f'  "__start__" -> {_q(story.start)};')
    for sid, scene in story.scenes.items():
        for i, choice in enumerate(scene.choices, 1):
            lines.append(f"  {_q(sid)} -> {_q(choice.goto)} [{_choice_attrs(i, choice)}];")
        for route in scene.routes:
            style = "dashed" if route.condition is not None else "solid"
            tip = f"if {unparse(route.condition)}" if route.condition is not None else "otherwise"
            edge = f'style={style}, color="#3b6ea5", tooltip={_q(f"route: {tip}")}'
            lines.append(f"  {_q(sid)} -> {_q(route.goto)} [{edge}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _missing_targets(story: Story) -> list[str]:
    """Scenes a goto names that the story does not have (a story with errors is drawn too)."""
    named = {story.start} | {
        goto
        for scene in story.scenes.values()
        for goto in (*(c.goto for c in scene.choices), *(r.goto for r in scene.routes))
    }
    return [
        f"  {_q(sid)} [label={_q(f'{sid}?{chr(10)}no such scene')}, {_MISSING}];"
        for sid in sorted(named - set(story.scenes))
    ]


def _choice_attrs(number: int, choice: Choice) -> str:
    """A choice's edge: its number (★ once), dashed when conditional, its text as tooltip."""
    tip = f"{number}. {choice.text.source}"
    if choice.condition is not None:
        tip += f" (if {unparse(choice.condition)})"
    if choice.once:
        tip += " (once)"
    label = f"{number}★" if choice.once else str(number)
    style = ", style=dashed" if choice.condition is not None else ""
    return f"label={_q(label)}{style}, tooltip={_q(tip)}, labeltooltip={_q(tip)}"


def _legend() -> list[str]:
    """A legend cluster: what each node shape and colour, and each edge style, means."""
    lines = ["  subgraph cluster_legend {", '    label="Legend"; color="#cccccc"; fontsize=10;']
    for n, (label, attrs) in enumerate(_LEGEND):
        extra = f", {attrs}" if attrs else ""
        lines.append(f'    "__legend_{n}" [label={_q(label)}, fontsize=10{extra}];')
    lines.append(
        '    "__legend_a" [label="choice", shape=plain, fontsize=10];'
        ' "__legend_b" [label="if, or ★ once", shape=plain, fontsize=10];'
    )
    lines.append('    "__legend_a" -> "__legend_b" [label="n", style=dashed];')
    lines.append("  }")
    return lines


@dataclass(frozen=True)
class Written:
    """What `write_map` wrote, and a note for the author when a picture could not be drawn."""

    paths: tuple[Path, ...]
    note: str = ""


def write_map(dot: str, out: Path, *, force: bool = False) -> Written:
    """Write DOT source to `out`, or for a .svg/.png the DOT beside it and the picture drawn by
    Graphviz when it is installed; raises MapOutputError.

    An existing file is replaced only when `map` drew it, or with `force`.
    """
    suffix = out.suffix.lower()
    if out.is_dir():
        raise MapOutputError(f"'{out}' is a folder; name a file in it, such as {out / 'map.dot'}")
    if suffix not in SUFFIXES:
        raise MapOutputError(f"'{out}': name a .dot, .svg or .png file for the map")
    if not out.parent.is_dir():
        raise MapOutputError(f"cannot write '{out}': the folder '{out.parent}' does not exist")
    source = out.with_suffix(".dot") if suffix in DRAWN else out
    targets = (source, out) if suffix in DRAWN else (source,)
    # A PNG carries no marker: it is map's own when the DOT beside it is.
    ours = {target: _drawn_by_map(target) for target in targets}
    if suffix == ".png":
        ours[out] = ours[out] or ours[source]
    for target in targets:
        if not force and (target.exists() or target.is_symlink()) and not ours[target]:
            raise MapOutputError(
                f"'{target}' already exists and was not drawn by `reconnect map`; "
                "choose another name, or add --force to replace it"
            )
    try:
        atomic_write_text(source, dot)
        if suffix not in DRAWN:
            return Written((source,))
        exe = shutil.which("dot")
        if exe is None:
            return Written(
                (source,),
                f"Graphviz's `dot` program is not installed, so {out.name} was not drawn; "
                f"install Graphviz (graphviz.org) and run this again, or open {source.name} "
                "in any Graphviz viewer",
            )
        _draw(exe, dot, out, suffix[1:])
        return Written((source, out))
    except SaveError as err:
        raise MapOutputError(
            f"cannot write '{out}': {err.os_reason or 'unexpected error'}"
        ) from None
    except OSError as err:
        raise MapOutputError(f"cannot write '{out}': {os_reason(err)}") from None


def _drawn_by_map(out: Path) -> bool:
    if not out.is_file() or out.is_symlink():
        return False
    try:
        with out.open("rb") as handle:
            head = handle.read(400)
    except OSError:
        return False
    return head.startswith(MARKER.encode()) or (
        out.suffix.lower() == ".svg" and b"Generated by graphviz" in head
    )


def _draw(exe: str, dot: str, out: Path, fmt: str) -> None:
    temp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        subprocess.run(
            [exe, f"-T{fmt}", "-o", str(temp)],
            input=dot,
            text=True,
            check=True,
            capture_output=True,
            timeout=DRAW_SECONDS,
        )
        os.replace(temp, out)
    except subprocess.TimeoutExpired:
        raise MapOutputError(
            f"Graphviz took more than {DRAW_SECONDS} seconds to draw {out.name} and was stopped; "
            f"{out.with_suffix('.dot').name} is written"
        ) from None
    except subprocess.CalledProcessError as err:
        raise MapOutputError(f"Graphviz could not draw the map: {err.stderr.strip()}") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
