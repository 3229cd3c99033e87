"""The one Jinja2 environment both handouts render through, and the writer of their files.

HTML templates autoescape everything from the story or the game; the Markdown templates pass
every such text through the `md` filter, so a `<script>` in a name is shown, never run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from game import __version__
from game.engine.templates import quoted
from game.persistence.atomic import atomic_write_bytes
from game.persistence.errors import Reason, SaveError

# Inline Markdown punctuation (emphasis, code, links, table cells); the templates never start
# a line with story text, so the line-start marks (#, -, >) need no escape.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def md_text(value: object) -> str:
    """Text safe to put in Markdown: HTML escaped, Markdown punctuation backslashed, one line."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", str(escape(text)))


def bar_width(value: int, lo: int, hi: int) -> int:
    """A meter's value as a percentage of its range (0–100), for the report's bars."""
    if hi <= lo:
        return 0
    return max(0, min(100, round(100 * (value - lo) / (hi - lo))))


def duration(seconds: int) -> str:
    """Whole seconds as a reader says them: "45 s", "3 min", "3 min 20 s"."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def sparkline(
    values: tuple[int, ...], lo: int, hi: int, width: int = 160, height: int = 28
) -> Markup:
    """A meter's values over the game as an inline SVG line (numbers only: nothing to escape)."""
    if not values:
        return Markup("")
    span = max(1, hi - lo)
    step = width / max(1, len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v - lo) * (height - 4) / span:.1f}"
        for i, v in enumerate(values)
    )
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-hidden="true"><polyline points="{points}"/></svg>'
    )


@cache
def environment() -> jinja2.Environment:
    """Templates from the package (so an installed game has them), autoescaping HTML."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("game.classroom", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_text
    env.filters["quoted"] = quoted
    env.filters["bar"] = bar_width
    env.filters["duration"] = duration
    env.globals["sparkline"] = sparkline
    return env


def render(name: str, context: Mapping[str, Any]) -> str:
    """Render `name`.html or `name`.md (given with its extension) with `context`."""
    return environment().get_template(name).render(context)


def output_paths(out: Path) -> tuple[Path, Path]:
    """The HTML and Markdown files for `-o OUT`: OUT's suffix replaced by .html and .md."""
    base = out.with_suffix("") if out.suffix.lower() in (".html", ".htm", ".md") else out
    return base.with_name(base.name + ".html"), base.with_name(base.name + ".md")


def write_handout(name: str, context: Mapping[str, Any], out: Path) -> tuple[Path, Path]:
    """Render `name` as HTML and Markdown next to `out`; the two paths (SaveError on failure)."""
    html, md = output_paths(out)
    try:
        html.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise SaveError(Reason.UNWRITABLE, html.parent, err.strerror) from None
    full = {**context, "made_by": __version__}
    atomic_write_bytes(html, render(f"{name}.html", full).encode("utf-8"))
    atomic_write_bytes(md, render(f"{name}.md", full).encode("utf-8"))
    return html, md
