"""Starting an unchanged story imports only what its first frame needs (bench/ui.py times it).

The story, its route-loop answer and the title picture come from the caches the first start
wrote, so the second start must not import the YAML parser, the checker or class voting.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.resources import shipped_story

from .headless_start import start_game

# Modules a start from warm caches has no use for: each stands for a part that is not needed.
NOT_NEEDED = ("yaml", "game.engine.format2", "game.authoring.check", "game.voting", "aiohttp")

PROBE = """\
import json, sys
from game.cli import main
code = main(sys.argv[2:])
json.dump({"code": code, "modules": sorted(sys.modules)}, open(sys.argv[1], "w"))
"""


def _start(tmp_path: Path, out: Path) -> list[str]:
    """The modules a whole start (title, one frame, quit) imported."""
    argv = [str(shipped_story()), "--size", "640x360", "--data-dir", str(tmp_path / "data")]
    start_game(PROBE, out, tmp_path / "quit.txt", *argv)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["code"] == 0
    return [str(name) for name in result["modules"]]


def test_a_start_from_warm_caches_imports_no_parser_checker_or_voting(tmp_path: Path) -> None:
    first = _start(tmp_path, tmp_path / "first.json")
    assert "game.authoring.check" in first  # the first start decided the routes
    second = _start(tmp_path, tmp_path / "second.json")
    assert [name for name in NOT_NEEDED if name in second] == []
