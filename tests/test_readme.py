"""README's key tables are the window's key table: they cannot drift apart."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("readme_keys", ROOT / "tools" / "readme_keys.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_lists_every_key_of_the_key_table() -> None:
    tool = _tool()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for scopes in (tool.PLAYER, tool.FACILITATOR):
        assert tool.table(scopes) in readme, "run python tools/readme_keys.py and update README"
