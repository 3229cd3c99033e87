"""Handouts for the classroom: the session report of a game and the teacher guide of a story."""
