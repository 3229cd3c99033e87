"""Starting an unchanged story imports only what its first frame needs (bench/ui.py times it).

The story, its route-loop answer and the title picture come from the caches the first start
wrote, so the second start must not import the YAML parser, the checker or class voting; nor
what playing a game needs (the runner, the scene and page screens) before a game starts.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.resources import shipped_story

from .headless_start import start_game

# Modules a start from warm caches has no use for: each stands for a part that is not needed.
NOT_NEEDED = ("yaml", "game.engine.format2", "game.authoring.check", "game.voting", "aiohttp")
# What playing needs is imported when a game starts or a page opens: the title shows none of it.
NOT_AT_TITLE = (
    "game.engine.runner",
    "game.engine.report",
    "game.engine.whatif",
    "game.engine.answers",
    "game.window.screens.scene",
    "game.window.screens.pages",
    "game.window.screens.intro",
)

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


def test_a_start_from_warm_caches_imports_no_parser_checker_voting_or_play(
    tmp_path: Path,
) -> None:
    from game.persistence.settings import SETTINGS_FILE, Settings, save_settings

    (tmp_path / "data").mkdir()
    # Past the first-run setup, as bench/ui.py starts: the title is what is shown.
    save_settings(tmp_path / "data" / SETTINGS_FILE, Settings(setup_done=True))
    first = _start(tmp_path, tmp_path / "first.json")
    assert "game.authoring.check" in first  # the first start decided the routes
    second = _start(tmp_path, tmp_path / "second.json")
    assert [name for name in NOT_NEEDED if name in second] == []
    assert "game.window.screens.title" in second
    assert [name for name in NOT_AT_TITLE if name in second] == []
