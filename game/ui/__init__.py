"""The pygame front end: theme, assets, text layout, widgets and screens.

It only shows what the story engine (`game.story`) says and reports what the player picked;
the engine never imports anything from here.
"""
