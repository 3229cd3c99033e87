"""The one asset resolver: where a story's images, sounds and fonts are, without loading them.

A story names assets without a path or extension (`background: phone_night`). We look in the
story's own `assets/` folder first, then in the game's shipped `assets/`, and remember every
path tried so a missing file can be reported precisely. The checker uses this to warn about
missing files; the window uses it (through `game.window.assets`) to load them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path

from game.resources import shipped_assets


@cache
def shipped_root() -> Path:
    """The game's own assets folder, found on first use rather than at import."""
    return shipped_assets()


def __getattr__(name: str) -> Path:
    # `SHIPPED_ASSETS` is still imported by the window; resolving it here keeps the import lazy.
    if name == "SHIPPED_ASSETS":
        return shipped_root()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class AssetKind(str, Enum):
    """The kinds of asset, each in its own sub-folder with its own file types."""

    IMAGE = "images"
    SOUND = "sounds"
    FONT = "fonts"
    PORTRAIT = "portraits"


EXTENSIONS: dict[AssetKind, tuple[str, ...]] = {
    AssetKind.IMAGE: (".png", ".jpg", ".jpeg", ".webp"),
    AssetKind.SOUND: (".ogg", ".wav", ".mp3", ".flac"),
    AssetKind.FONT: (".ttf", ".otf"),
    AssetKind.PORTRAIT: (".png", ".jpg", ".jpeg", ".webp"),
}

# What each scene key names.
SCENE_KINDS = {
    "background": AssetKind.IMAGE,
    "music": AssetKind.SOUND,
    "ambience": AssetKind.SOUND,
    "sound": AssetKind.SOUND,
}

NEUTRAL = "neutral"  # the expression a line shows when it names none


def portrait_name(stem: str, face: str | None) -> str:
    """The portrait file's name (no extension) for a character's stem and an expression."""
    return f"{stem}_{face or NEUTRAL}"


@dataclass(frozen=True)
class Lookup:
    """The result of a search: the file found (or None) and every path tried, in order."""

    kind: AssetKind
    name: str
    path: Path | None
    tried: tuple[Path, ...]

    @property
    def found(self) -> bool:
        """Whether a file was found."""
        return self.path is not None

    def describe(self) -> str:
        """A one-paragraph explanation for logs and error screens."""
        if self.path is not None:
            return f"{self.kind.value[:-1]} {self.name!r}: {self.path}"
        tried = "\n".join(f"  {p}" for p in self.tried) or "  (no valid place to look)"
        return f"{self.kind.value[:-1]} {self.name!r} not found; tried:\n{tried}"


def valid_name(name: str) -> bool:
    """Whether `name` is a plain asset name: no folders, no `..`, nothing absolute."""
    if not name or name.strip() != name or name in (".", ".."):
        return False
    if "/" in name or "\\" in name or ":" in name or "\0" in name:
        return False
    return not name.startswith(".")


def search_dirs(kind: AssetKind, story_root: Path | None, shipped_root: Path) -> list[Path]:
    """The folders searched for `kind`, in order: the story's, then the shipped ones."""
    dirs: list[Path] = []
    if story_root is not None:
        dirs.append(story_root / "assets" / kind.value)
    dirs.append(shipped_root / kind.value)
    return list(dict.fromkeys(dirs))


def candidates(
    kind: AssetKind, name: str, story_root: Path | None, shipped: Path | None = None
) -> list[Path]:
    """Every path that `find` would try for `name`, in order (`shipped` defaults to the game's)."""
    if not valid_name(name):
        return []
    exts = EXTENSIONS[kind]
    has_ext = Path(name).suffix.lower() in exts
    out: list[Path] = []
    for folder in search_dirs(kind, story_root, shipped_root() if shipped is None else shipped):
        if has_ext:
            out.append(folder / name)
        else:
            out.extend(folder / f"{name}{ext}" for ext in exts)
    return out


def find(
    kind: AssetKind, name: str, story_root: Path | None, shipped: Path | None = None
) -> Lookup:
    """Look for an asset; the result lists every path tried."""
    tried: list[Path] = []
    for path in candidates(kind, name, story_root, shipped):
        tried.append(path)
        if path.is_file():
            return Lookup(kind, name, path, tuple(tried))
    return Lookup(kind, name, None, tuple(tried))


def names_in(kind: AssetKind, story_root: Path | None, shipped: Path | None = None) -> list[str]:
    """The asset names `find` could resolve for `kind`, for "did you mean" suggestions."""
    names: list[str] = []
    for folder in search_dirs(kind, story_root, shipped_root() if shipped is None else shipped):
        if folder.is_dir():
            exts = EXTENSIONS[kind]
            names += sorted(p.stem for p in folder.iterdir() if p.suffix.lower() in exts)
    return list(dict.fromkeys(names))
