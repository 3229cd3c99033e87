"""The scene graph as Graphviz DOT: chapters as clusters, start and endings marked."""

from __future__ import annotations

import json

from game.engine.model import Story, Tone

_TONE_COLOURS = {Tone.HOPEFUL: "#9ed9a0", Tone.BITTERSWEET: "#f2d38a", Tone.HARD: "#f0a1a1"}


def _q(text: str) -> str:
    # JSON string escaping is a valid DOT quoted string for everything we emit.
    return json.dumps(text, ensure_ascii=False)


def story_dot(story: Story) -> str:
    """DOT source for the story's scenes and the choices and routes between them."""
    lines = [
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
            lines.append(f"    {_q(sid)} [{', '.join(attrs)}];")
        lines.append("  }")
    lines.append('  "__start__" [label="start", shape=circle, fillcolor="#bcd7f5"];')
    lines.append(f'  "__start__" -> {_q(story.start)};')
    for sid, scene in story.scenes.items():
        for i, choice in enumerate(scene.choices, 1):
            style = ", style=dashed" if choice.condition is not None else ""
            lines.append(f'  {_q(sid)} -> {_q(choice.goto)} [label="{i}"{style}];')
        for route in scene.routes:
            style = "dashed" if route.condition is not None else "solid"
            lines.append(f'  {_q(sid)} -> {_q(route.goto)} [style={style}, color="#3b6ea5"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
