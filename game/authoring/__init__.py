"""Tools for authors: the checker, the explorer that proves endings reachable, map and starter."""
