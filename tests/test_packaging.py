"""The wheel must carry every package of the game, or `pip install .` loses part of it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def _listed_packages() -> set[str]:
    # tomllib needs Python 3.11 and we support 3.10, so read the one line we need.
    match = re.search(r"^packages = (\[.*\])$", PYPROJECT, flags=re.MULTILINE)
    assert match, "pyproject.toml lists packages on one line"
    return set(ast.literal_eval(match.group(1)))


def test_every_python_package_under_game_is_in_the_wheel() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "game").rglob("__init__.py")
    }
    listed = _listed_packages()
    assert found <= listed, f"missing from [tool.setuptools] packages: {sorted(found - listed)}"


def test_story_and_assets_ship_inside_the_package() -> None:
    assert {"game.scenes", "game.assets"} <= _listed_packages()
    assert '"game.scenes" = "scenes"' in PYPROJECT
    assert '"game.assets" = "assets"' in PYPROJECT
    assert '"game.scenes" = ["*.yaml", "*.md"]' in PYPROJECT
    assert '"game.assets" = ["**/*"]' in PYPROJECT


def test_every_handout_template_ships() -> None:
    match = re.search(r'^"game.classroom" = (\[.*\])$', PYPROJECT, flags=re.MULTILINE)
    assert match, "pyproject.toml lists the classroom templates as package data"
    patterns = ast.literal_eval(match.group(1))
    package = ROOT / "game" / "classroom"
    templates = [p.relative_to(package) for p in (package / "templates").iterdir()]
    assert templates, "no templates found"
    unshipped = [t for t in templates if not any(t.match(p) for p in patterns)]
    assert unshipped == []
