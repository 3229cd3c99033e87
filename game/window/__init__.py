"""The pygame front end: theme, assets, text layout, widgets and screens.

It only shows what the story engine (`game.engine`) says and reports what the player picked;
the engine never imports anything from here.
"""

import os

# pygame prints a greeting on import; a game's (and a headless script's) output is not the place.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
