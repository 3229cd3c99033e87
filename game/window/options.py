"""How this run of the window was asked for on the command line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .theme import clamp_reading_scale

if TYPE_CHECKING:
    from game.engine.start import Start


def parse_size(text: str | None) -> tuple[int, int] | None:
    """ "1280x720" -> (1280, 720); None for None. Raises ValueError for anything else."""
    if text is None:
        return None
    w, sep, h = text.lower().replace("×", "x").partition("x")
    if not sep:
        raise ValueError(f"window size {text!r} is not WIDTHxHEIGHT (for example 1280x720)")
    size = (int(w), int(h))
    if size[0] < 1 or size[1] < 1 or size[0] > 16384 or size[1] > 16384:
        raise ValueError(f"window size {text!r} is out of range")
    return size


@dataclass(frozen=True)
class WindowOptions:
    """How this run of the window was asked for on the command line."""

    facilitator: bool = False
    fullscreen: bool = False
    scale: float | None = None
    load: str | None = None
    headless: bool = False
    size: tuple[int, int] | None = None
    vote: bool = False  # start class voting (facilitator mode only)
    vote_host: str | None = None
    vote_port: int = 8765
    # How each new game in this run starts: --seed, --set and --checkpoint (see engine.start).
    start: Start | None = None
    # Reload the story when its files are saved (a real window; headless runs are scripted).
    watch: bool = False

    @classmethod
    def from_args(cls, args: Any) -> WindowOptions:
        """From `reconnect play`'s argparse namespace (missing attributes take defaults)."""
        scale = getattr(args, "scale", None)
        return cls(
            facilitator=bool(getattr(args, "facilitator", False)),
            fullscreen=bool(getattr(args, "fullscreen", False)),
            scale=clamp_reading_scale(float(scale)) if scale is not None else None,
            load=getattr(args, "load", None),
            headless=bool(getattr(args, "headless", False)),
            size=parse_size(getattr(args, "size", None)),
            vote=bool(getattr(args, "vote", False)),
            vote_host=getattr(args, "vote_host", None),
            vote_port=int(getattr(args, "vote_port", None) or 8765),
            start=getattr(args, "game_start", None),
            watch=not getattr(args, "headless", False),
        )
