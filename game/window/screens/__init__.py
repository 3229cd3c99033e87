"""Screens of the window; `base` holds the Screen class and the ScreenManager."""

from .base import Screen, ScreenManager, wait_timeout_ms

__all__ = ["Screen", "ScreenManager", "wait_timeout_ms"]
