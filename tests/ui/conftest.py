"""Headless pygame for the UI tests: dummy video and audio drivers, fonts initialised once."""

from __future__ import annotations

import os

# SDL reads these when pygame initialises; they must be set before any test touches pygame.
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections.abc import Iterator

import pygame
import pytest

from game.window.assets import AssetResolver
from game.window.fonts import FontCache


@pytest.fixture(scope="session", autouse=True)
def pygame_headless() -> Iterator[None]:
    """Initialise pygame once for the whole UI test session."""
    pygame.init()
    yield
    pygame.quit()


@pytest.fixture(scope="session")
def assets() -> AssetResolver:
    """The shipped-assets resolver."""
    return AssetResolver()


@pytest.fixture(scope="session")
def fonts(assets: AssetResolver) -> FontCache:
    """One font cache for all tests (fonts are slow to open)."""
    return FontCache(assets)
