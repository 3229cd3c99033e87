"""`python -m game` runs the `reconnect` command."""

from game.cli import run

run()
