"""The facilitator's console: badge, blank screen, discussion timer, meters, notes and class
voting on the projector. The app owns one `Console` when `--facilitator` is on."""

from .console import Console
from .voting import VoteOptions

__all__ = ["Console", "VoteOptions"]
