"""`python -m game` runs the `reconnect` command."""

import sys

from game.cli import main

sys.exit(main())
