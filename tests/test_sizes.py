"""The package stays readable: no module over 700 lines and no class over 300."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parent.parent / "game"
MODULES = sorted(GAME.rglob("*.py"))
MAX_MODULE_LINES = 700
MAX_CLASS_LINES = 300


def test_there_are_modules_to_measure() -> None:
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(GAME)))
def test_module_and_classes_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path.name}: split it by what it holds"
    big = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.ClassDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES
    ]
    assert big == [], f"{path.name}: classes over {MAX_CLASS_LINES} lines: {big}"
