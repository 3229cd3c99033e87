"""What the window needs of class voting before a server starts: the join details and the
error a start can raise. Kept apart from the server so the window opens without aiohttp."""

from __future__ import annotations

from dataclasses import dataclass

from game.voting.net import FIREWALL_ADVICE


class VoteServerError(Exception):
    """Voting could not start or was used wrongly; the message says what to do."""


@dataclass(frozen=True, slots=True)
class JoinInfo:
    """What the projector shows: the URL (with the code in it) and the code to type."""

    url: str
    code: str
    advice: str = FIREWALL_ADVICE

    def qr_svg(self) -> str:
        """The join URL as a QR code in SVG."""
        from game.voting.qr import qr_svg  # segno: only once a vote is shown

        return qr_svg(self.url)

    def qr_matrix(self) -> tuple[tuple[bool, ...], ...]:
        """The join URL as a QR module matrix (True is dark), quiet zone included."""
        from game.voting.qr import qr_matrix  # segno: only once a vote is shown

        return qr_matrix(self.url)
