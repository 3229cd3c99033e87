"""Reconnect: a choose-your-path story game and the engine it runs on."""

__version__ = "0.1.0"
