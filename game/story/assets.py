"""The one asset resolver: where a story's images and sounds live, without loading them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp")
SOUND_EXTENSIONS = (".ogg", ".wav", ".mp3")
KINDS = {
    "background": ("images", IMAGE_EXTENSIONS),
    "music": ("sounds", SOUND_EXTENSIONS),
    "sound": ("sounds", SOUND_EXTENSIONS),
}


@dataclass(frozen=True)
class Resolution:
    """The file found for an asset name (None if missing) and every path tried, in order."""

    name: str
    path: Path | None
    tried: tuple[Path, ...]


def asset_roots(story_root: Path) -> tuple[Path, ...]:
    """Folders searched for assets: the story's own `assets/`, then the one beside the story."""
    roots = [story_root / "assets", story_root.parent / "assets"]
    return tuple(dict.fromkeys(r for r in roots))


def resolve(story_root: Path, kind: str, name: str) -> Resolution:
    """Find `name` of a kind (`background`, `music`, `sound`, or a folder name like `fonts`)."""
    folder, extensions = KINDS.get(kind, (kind, ("",)))
    tried: list[Path] = []
    for root in asset_roots(story_root):
        base = (root / folder / name).resolve()
        if not base.is_relative_to(root.resolve()):
            return Resolution(name, None, tuple(tried))
        candidates = [base] if base.suffix else [base.with_name(base.name + e) for e in extensions]
        for path in candidates:
            tried.append(path)
            if path.is_file():
                return Resolution(name, path, tuple(tried))
    return Resolution(name, None, tuple(tried))
