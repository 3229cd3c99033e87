"""Only the window imports pygame, and nothing anywhere runs text as code."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"
STORY = GAME / "engine"
# Everything but the window must run without pygame.
PURE = ("engine", "authoring", "persistence", "terminal")


def pure_sources() -> list[Path]:
    return [p for pkg in PURE for p in sources(GAME / pkg)]


CODE_BUILTINS = {"eval", "exec", "compile", "__import__"}
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle"}
UNSAFE_YAML = {
    "load",
    "load_all",
    "unsafe_load",
    "unsafe_load_all",
    "full_load",
    "full_load_all",
    "Loader",
    "FullLoader",
    "UnsafeLoader",
    "CLoader",
    "CFullLoader",
    "CUnsafeLoader",
}


def sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if ".venv" not in p.parts)


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_modules(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Every module named by an import statement, with its line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
            for alias in node.names:
                yield f"{node.module}.{alias.name}", node.lineno


def code_runners(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Calls of eval/exec/compile (bare or via builtins) and yaml's unsafe loading."""
    yaml_names = {"yaml"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yaml_names |= {a.asname or a.name for a in node.names if a.name == "yaml"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in CODE_BUILTINS:
                yield func.id, node.lineno
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id in {"builtins", "__builtins__"}
                and func.attr in CODE_BUILTINS
            ):
                yield f"builtins.{func.attr}", node.lineno
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in yaml_names
            and node.attr in UNSAFE_YAML
        ):
            yield f"yaml.{node.attr}", node.lineno
        if isinstance(node, ast.ImportFrom) and node.module == "yaml":
            for alias in node.names:
                if alias.name in UNSAFE_YAML:
                    yield f"from yaml import {alias.name}", node.lineno


def test_there_is_source_to_scan() -> None:
    pure = {str(p.relative_to(GAME)) for p in pure_sources()}
    assert {"engine/loader.py", "engine/runner.py", "authoring/explore.py"} <= pure
    assert {"persistence/saves.py", "terminal/play.py"} <= pure
    assert len(sources(GAME)) > len(pure)


def test_the_engine_runs_without_pygame_loaded() -> None:
    code = (
        "import sys, game.engine.loader, game.engine.runner, game.authoring.check, "
        "game.authoring.explore, game.persistence.saves; assert 'pygame' not in sys.modules, "
        "sorted(m for m in sys.modules if m.startswith('pygame'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_every_story_module_imports_without_pygame() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in pure_sources()
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'pygame' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("path", pure_sources(), ids=lambda p: str(p.relative_to(GAME)))
def test_no_pure_module_imports_pygame(path: Path) -> None:
    found = [
        (name, line)
        for name, line in imported_modules(parse(path))
        if name == "pygame" or name.startswith("pygame.")
    ]
    assert found == [], f"{path.relative_to(ROOT)} imports pygame: {found}"


@pytest.mark.parametrize("path", sources(GAME), ids=lambda p: str(p.relative_to(GAME)))
def test_nothing_runs_text_as_code(path: Path) -> None:
    tree = parse(path)
    found = list(code_runners(tree))
    found += [
        (name, line)
        for name, line in imported_modules(tree)
        if name.split(".")[0] in UNSAFE_MODULES
    ]
    assert found == [], f"{path.relative_to(ROOT)}: {found}"


def test_the_loader_composes_with_a_safe_loader() -> None:
    text = (STORY / "yamlread.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    loaders = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "yaml"
        for alias in node.names
        if alias.name.endswith("Loader")
    }
    assert loaders and loaders <= {"SafeLoader", "CSafeLoader"}
    assert "yaml.compose(" in text


# The scanners themselves must catch what they look for.


@pytest.mark.parametrize(
    "snippet",
    [
        "eval('1')",
        "exec(code)",
        "compile(src, 'f', 'exec')",
        "builtins.eval(x)",
        "__import__('os')",
        "yaml.load(text)",
        "yaml.unsafe_load(text)",
        "yaml.full_load(text)",
        "yaml.compose(text, Loader=yaml.Loader)",
        "yaml.compose(text, Loader=yaml.FullLoader)",
        "yaml.compose(text, Loader=yaml.UnsafeLoader)",
        "from yaml import Loader",
        "import yaml as y\ny.load(t)",
    ],
)
def test_the_code_scanner_catches(snippet: str) -> None:
    assert list(code_runners(ast.parse(snippet)))


@pytest.mark.parametrize(
    "snippet",
    [
        "re.compile('x')",
        "yaml.compose(text, Loader=yaml.SafeLoader)",
        "from yaml import CSafeLoader as _Loader",
        "evaluate(expr)",
        "x.eval()",
    ],
)
def test_the_code_scanner_allows(snippet: str) -> None:
    assert list(code_runners(ast.parse(snippet))) == []


@pytest.mark.parametrize(
    ("snippet", "module"),
    [
        ("import pygame", "pygame"),
        ("import pygame.font as f", "pygame.font"),
        ("from pygame import Rect", "pygame"),
        ("import pickle", "pickle"),
        ("from shelve import open", "shelve"),
        ("import marshal", "marshal"),
    ],
)
def test_the_import_scanner_catches(snippet: str, module: str) -> None:
    assert module in {name for name, _ in imported_modules(ast.parse(snippet))}
