"""A start of the game in its own headless process, with a probe run before it (for tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_game(probe: str, out: Path, script: Path, *argv: str) -> None:
    """Run `probe` (python text that ends by running the game with `sys.argv[2:]`) with `out`
    as `sys.argv[1]`, playing `script` headless; fail the test when the process fails."""
    if not script.exists():
        script.write_text("wait 0.02\nquit\n", encoding="utf-8")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT))
    play = ["play", "--headless", "--script", str(script), *argv]
    done = subprocess.run(
        [sys.executable, "-c", probe, str(out), *play],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
