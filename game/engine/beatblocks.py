"""Blocks of beats (format 2): `first:` and `again:` lists for the first and later visits to a
scene, and `if:` over a `text:` list. Each block's condition is joined to its beats' own, so
the program, checker and explorer see plain conditional beats."""

from __future__ import annotations

from dataclasses import replace

from . import expr as ex
from .model import Beat
from .yamlread import MappingNode, Node, ScalarNode, SequenceNode

VISIT_KEYS = ("first", "again", "if")
BLOCK_KEYS = ("if", "text")


def block_kind(node: Node) -> str | None:
    """ "visits" for a first/again block, "if" for `if:` over a list of beats, else None."""
    if not isinstance(node, MappingNode):
        return None
    values = {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}
    if "first" in values or "again" in values:
        return "visits"
    if "if" in values and isinstance(values.get("text"), SequenceNode):
        return "if"
    return None


def visit_condition(scene: str, first: bool) -> ex.Expr:
    """`visited("scene") == 1` (first) or `> 1` (again): the visit counts on entering."""
    visited = ex.Call("visited", (ex.Str(scene),))
    return ex.Binary("==" if first else ">", visited, ex.Num(1))


def both(outer: ex.Expr | None, inner: ex.Expr | None) -> ex.Expr | None:
    """The two conditions joined by `and` (either may be absent)."""
    if outer is None or inner is None:
        return outer or inner
    return ex.Binary("and", outer, inner)


def under(beat: Beat, condition: ex.Expr | None) -> Beat:
    """The beat shown only where `condition` holds as well as its own."""
    if condition is None:
        return beat
    return replace(beat, condition=both(condition, beat.condition))
