"""Where the shipped story and assets are, installed as a wheel or run from the source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_story() -> Path:
    """The shipped story folder: inside the package when installed, else the repo's scenes/."""
    for candidate in (_PACKAGE / "scenes", _PACKAGE.parent / "scenes"):
        if (candidate / "story.yaml").is_file():
            return candidate
    return _PACKAGE.parent / "scenes"


def shipped_assets() -> Path:
    """The shipped assets folder, found the same way as the story."""
    for candidate in (_PACKAGE / "assets", _PACKAGE.parent / "assets"):
        if candidate.is_dir():
            return candidate
    return _PACKAGE.parent / "assets"
