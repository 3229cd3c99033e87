"""What a story folder's files are called and how large one may be.

Kept apart from the YAML reader so that finding a story's files and checking the disk cache
(all an unchanged story needs) imports no YAML parser.
"""

STORY_FILE = "story.yaml"
MAX_BYTES = 1_000_000
