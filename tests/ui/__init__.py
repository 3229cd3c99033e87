"""Tests of the pygame front end (run headless with SDL's dummy drivers)."""
