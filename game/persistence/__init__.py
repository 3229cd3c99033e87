"""What outlives a session: user folders, atomic writes, saves, endings progress, settings.

Pure Python, used by both front ends; it reports outcomes, and the front ends word them.
"""
