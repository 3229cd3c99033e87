"""No import cycles under game/: every module can be read without the one that reads it.

The graph is built from the source with `ast`: module-level imports and those under
`if TYPE_CHECKING:` both count (a type-only cycle still ties two modules together); imports
inside functions do not, since they run only when called.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "game"


def module_name(path: Path) -> str:
    """`game/window/app.py` -> `game.window.app`; a package's `__init__.py` is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports at module level, including inside module-level `if`/`try` blocks."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo: list[ast.stmt] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If | ast.Try):
            todo += node.body + node.orelse
            if isinstance(node, ast.Try):
                todo += [stmt for handler in node.handlers for stmt in handler.body]
                todo += node.finalbody
    return found


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The modules of `game` that `path` imports at module level."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _top_level_imports(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
            continue
        base = package
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        source = node.module or ""
        if node.level:
            source = f"{base}.{source}" if source else base
        out.add(source)
        out |= {f"{source}.{alias.name}" for alias in node.names}  # `from pkg import module`
    return {m for m in out if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    """Every module under game/ and the game modules it imports."""
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_the_graph_sees_relative_and_type_checking_imports() -> None:
    graph = import_graph()
    assert "game.window.host" in graph["game.window.screens.common"]  # `from ..host import`
    assert "game.engine.runner" in graph["game.window.host"]  # under `if TYPE_CHECKING:`


def test_a_cycle_is_found_and_named() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_under_game_imports_itself_in_a_circle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])
