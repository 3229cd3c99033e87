"""The one asset resolver: finds images, sounds and fonts by name, and caches what it loads.

A story names assets without a path or extension (`background: phone_night`). We look in the
story's own `assets/` folder first, then in the game's shipped `assets/`, and remember every path
we tried so a missing file can be reported precisely. A missing image is not an error at run
time: the caller gets `None` and draws a plain colour, and the miss is logged once.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from enum import Enum
from pathlib import Path

import pygame

from game.engine.assets import (
    SHIPPED_ASSETS,
    AssetKind,
    Lookup,
    find,
    portrait_name,
    search_dirs,
    valid_name,
)
from game.engine.assets import candidates as _candidates

from .image_size import image_size
from .kept_images import KeptImages

log = logging.getLogger(__name__)

PORTRAIT = AssetKind.PORTRAIT

# 64 megapixels: twice an 8K picture. Decoded at 4 bytes a pixel that is 256 MB already.
MAX_IMAGE_PIXELS = 64_000_000


# Where assets are is decided in one place, shared with the checker (no pygame there).
__all__ = ["SHIPPED_ASSETS", "AssetKind", "AssetResolver", "Fit", "Lookup", "valid_name"]


class Fit(str, Enum):
    """How an image is scaled to a target size."""

    COVER = "cover"  # fill the target, cropping the overflow evenly (backgrounds)
    CONTAIN = "contain"  # fit inside the target, keeping the whole image
    STRETCH = "stretch"  # exactly the target size


class AssetResolver:
    """Finds assets under a story's folder and the shipped folder; caches images and scales."""

    def __init__(
        self,
        story_root: Path | None = None,
        shipped_root: Path = SHIPPED_ASSETS,
        *,
        max_scaled: int = 12,
        kept: KeptImages | None = None,
    ) -> None:
        self.story_root = story_root
        self.shipped_root = shipped_root
        self.kept = kept
        self.decoded = 0  # pictures decoded from their files so far
        self._max_scaled = max_scaled
        self._images: dict[Path, pygame.Surface] = {}
        # Scaled copies are big (a 4K background is 33 MB), so only the recent few are kept.
        self._scaled: OrderedDict[tuple[Path, tuple[int, int], Fit], pygame.Surface] = OrderedDict()
        self._warned: set[tuple[AssetKind, str]] = set()
        self._portraits: dict[tuple[str, int], pygame.Surface | None] = {}

    # --- finding -----------------------------------------------------------------------------

    def search_dirs(self, kind: AssetKind) -> list[Path]:
        """The folders searched for `kind`, in order: the story's, then the shipped ones."""
        return search_dirs(kind, self.story_root, self.shipped_root)

    def candidates(self, kind: AssetKind, name: str) -> list[Path]:
        """Every path that `find` would try for `name`, in order."""
        return _candidates(kind, name, self.story_root, self.shipped_root)

    def find(self, kind: AssetKind, name: str) -> Lookup:
        """Look for an asset; the result lists every path tried."""
        return find(kind, name, self.story_root, self.shipped_root)

    def _warn_missing(self, lookup: Lookup) -> None:
        key = (lookup.kind, lookup.name)
        if key not in self._warned:  # once per name: a missing image is asked for every frame
            self._warned.add(key)
            log.warning("%s", lookup.describe())

    def sound_path(self, name: str) -> Path | None:
        """The file for a sound, or None (logged once) when missing."""
        lookup = self.find(AssetKind.SOUND, name)
        if lookup.path is None:
            self._warn_missing(lookup)
        return lookup.path

    def font_path(self, name: str) -> Path | None:
        """The file for a font, or None (logged once) when missing."""
        lookup = self.find(AssetKind.FONT, name)
        if lookup.path is None:
            self._warn_missing(lookup)
        return lookup.path

    def fallback_font_path(self, name: str) -> Path | None:
        """A fallback font from fonts/fallback (the story's first), or None (logged once)."""
        roots = [r for r in (self.story_root, self.shipped_root) if r is not None]
        for root in roots:
            path = root / AssetKind.FONT.value / "fallback" / name
            if path.is_file():
                return path
        if (AssetKind.FONT, name) not in self._warned:
            self._warned.add((AssetKind.FONT, name))
            log.warning("fallback font %s is missing; some characters will show as boxes", name)
        return None

    # --- images ------------------------------------------------------------------------------

    def portrait(self, name: str, height: int) -> pygame.Surface | None:
        """A portrait `height` pixels tall: `maya_warm`, else `maya_neutral`, else None (logged)."""
        key = (name, height)
        if key in self._portraits:  # asked every frame: no looking on disk each time
            return self._portraits[key]
        stem = name.rpartition("_")[0]
        found = None
        for candidate in dict.fromkeys((name, portrait_name(stem, None))):
            if self.find(AssetKind.PORTRAIT, candidate).found:
                found = self.scaled_image(candidate, (height * 4, height), Fit.CONTAIN, PORTRAIT)
                break
        else:
            self._warn_missing(self.find(AssetKind.PORTRAIT, name))
        if len(self._portraits) >= self._max_scaled:
            self._portraits.pop(next(iter(self._portraits)))
        self._portraits[key] = found
        return found

    def image(self, name: str, kind: AssetKind = AssetKind.IMAGE) -> pygame.Surface | None:
        """The image at its own size, loaded once; None (logged once) when missing or broken."""
        lookup = self.find(kind, name)
        if lookup.path is None:
            self._warn_missing(lookup)
            return None
        cached = self._images.get(lookup.path)
        if cached is not None:
            return cached
        size = image_size(lookup.path)
        # Decoding first would let a small file claim gigabytes of pixels.
        if size is None:
            self._warn_once(
                name,
                f"image {name!r} at {lookup.path} could not be read: no PNG, JPEG or WebP size",
            )
            return None
        if size[0] * size[1] > MAX_IMAGE_PIXELS:
            self._warn_once(
                name,
                f"image {name!r} at {lookup.path} is not shown: {size[0]}×{size[1]} pixels is "
                f"over the limit of {MAX_IMAGE_PIXELS // 1_000_000} million",
            )
            return None
        try:
            loaded = _for_display(pygame.image.load(str(lookup.path)))
            self.decoded += 1
        except (pygame.error, OSError, ValueError, MemoryError) as exc:
            self._warn_once(name, f"image {name!r} at {lookup.path} could not be read: {exc}")
            return None
        self._images[lookup.path] = loaded
        return loaded

    def _warn_once(self, name: str, message: str) -> None:
        key = (AssetKind.IMAGE, name)
        if key not in self._warned:
            self._warned.add(key)
            log.warning("%s", message)

    def scaled_image(
        self,
        name: str,
        size: tuple[int, int],
        fit: Fit = Fit.COVER,
        kind: AssetKind = AssetKind.IMAGE,
    ) -> pygame.Surface | None:
        """The image scaled to `size` (cropped to exactly `size` for COVER); cached."""
        lookup = self.find(kind, name)
        if lookup.path is None:
            self._warn_missing(lookup)
            return None
        size = (max(1, int(size[0])), max(1, int(size[1])))
        key = (lookup.path, size, fit)
        hit = self._scaled.get(key)
        if hit is not None:
            self._scaled.move_to_end(key)
            return hit
        source = self.image(name, kind)
        if source is None:
            return None
        return self._remember(key, scale_image(source, size, fit))

    def _remember(
        self, key: tuple[Path, tuple[int, int], Fit], picture: pygame.Surface
    ) -> pygame.Surface:
        self._scaled[key] = picture
        while len(self._scaled) > self._max_scaled:
            self._scaled.popitem(last=False)
        return picture

    def kept_scaled_image(self, name: str, size: tuple[int, int]) -> pygame.Surface | None:
        """`scaled_image` to cover `size`, also kept on disk for later runs (the title picture,
        drawn before anything else)."""
        fit = Fit.COVER  # exactly `size`, so a kept file's length says if it is whole
        lookup = self.find(AssetKind.IMAGE, name)
        size = (max(1, int(size[0])), max(1, int(size[1])))
        key = (lookup.path, size, fit)
        if self.kept is None or lookup.path is None or key in self._scaled:
            return self.scaled_image(name, size, fit)
        read = self.kept.read(lookup.path, size, fit.value)
        if read is None:
            made = self.scaled_image(name, size, fit)
            if made is not None:
                self.kept.keep(lookup.path, size, fit.value, made)
            return made
        try:
            picture = _for_display(read)
        except pygame.error as exc:  # no memory for the converted copy: decode as usual
            log.warning("kept picture for %r not used: %s", name, exc)
            return self.scaled_image(name, size, fit)
        return self._remember((lookup.path, size, fit), picture)

    def clear(self) -> None:
        """Forget every cached image (after the story files are reloaded)."""
        self._images.clear()
        self._scaled.clear()
        self._portraits.clear()
        self._warned.clear()


def _for_display(picture: pygame.Surface) -> pygame.Surface:
    """`picture` in the window's pixel format, so every later blit is several times faster.

    Converting needs a display mode, which headless tools may not have set.
    """
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        alpha = picture.get_alpha() is not None
        return picture.convert_alpha() if alpha else picture.convert()
    return picture


def scale_image(source: pygame.Surface, size: tuple[int, int], fit: Fit) -> pygame.Surface:
    """Scale `source` to `size` by `fit` with smooth filtering."""
    tw, th = size
    sw, sh = source.get_size()
    if source.get_bitsize() < 24:
        # smoothscale needs 24/32-bit pixels; palette images (quantised PNGs) are widened first.
        wide = pygame.Surface((sw, sh), pygame.SRCALPHA, 32)
        wide.blit(source, (0, 0))
        source = wide
    if fit is Fit.STRETCH or (sw, sh) == (tw, th):
        return pygame.transform.smoothscale(source, (tw, th)) if (sw, sh) != (tw, th) else source
    factor = max(tw / sw, th / sh) if fit is Fit.COVER else min(tw / sw, th / sh)
    w, h = max(1, round(sw * factor)), max(1, round(sh * factor))
    scaled = pygame.transform.smoothscale(source, (w, h))
    if fit is Fit.CONTAIN:
        return scaled
    # Crop the overflow evenly from both sides so the picture's centre stays in the centre.
    crop = pygame.Rect((w - tw) // 2, (h - th) // 2, tw, th)
    return scaled.subsurface(crop).copy()
