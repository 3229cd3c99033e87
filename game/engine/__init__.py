"""The story engine: pure Python, never imports pygame."""
