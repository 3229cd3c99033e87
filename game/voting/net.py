"""Which address phones can reach, and what to tell the facilitator when binding fails."""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable

# Any private address will do: connect() on a UDP socket only picks the outgoing interface,
# it sends no packet, so this finds the LAN address without any traffic.
_PROBE = ("10.254.254.254", 9)


def lan_address(make_socket: Callable[[], socket.socket] | None = None) -> str | None:
    """This machine's address on the local network, or None when it has none."""
    probe = make_socket() if make_socket else socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with probe:
        try:
            probe.connect(_PROBE)
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    if address.startswith("127.") or address == "0.0.0.0":
        return None
    return address


def no_network_message() -> str:
    """Why voting can't start without a network, and what to try."""
    return (
        "Class voting needs a network the phones share with this computer, and none was found. "
        "Connect to the classroom Wi-Fi (or start a hotspot) and try again, "
        "or name the address to use with --vote-host."
    )


def bind_error_message(error: OSError, host: str, port: int) -> str:
    """A facilitator-facing explanation of a failed bind, with what to try next."""
    if error.errno == errno.EADDRINUSE:
        return (
            f"Port {port} is already in use (another program, or another copy of the game). "
            f"Close it, or pick another port with --vote-port {port + 1}."
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return (
            f"Not allowed to open port {port} on {host}. Ports below 1024 need admin rights: "
            "pick another with --vote-port (for example 8765)."
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return (
            f"{host} is not an address of this computer. Leave out --vote-host to use the "
            "network address, or check which address the classroom network gave you."
        )
    return f"Could not start class voting on {host}:{port}: {error.strerror or error}."


FIREWALL_ADVICE = (
    "If phones cannot open the page: they must be on the same Wi-Fi as this computer, "
    "and its firewall must allow incoming connections to the game on that port "
    "(school guest networks often keep devices apart; a phone hotspot avoids that)."
)
