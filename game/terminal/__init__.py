"""The terminal front end: shows what the engine says and reads what the player types."""
