"""The HTTP side: the phone page at `/` and the vote socket at `/ws`, which needs the code."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from importlib import resources

from aiohttp import WSMsgType, web

from game.voting.hub import VoteRoom
from game.voting.protocol import MAX_MESSAGE_BYTES

# Dead phones (screen locked, out of range) are noticed within two of these.
HEARTBEAT_S = 20.0
# How long a closing handshake may take before the socket is simply cut.
CLOSE_TIMEOUT_S = 2.0
POLICY_VIOLATION = 1008
# The page shows its code form on this close code; a plain HTTP 403 would look like a dropped
# connection to the page, which can't read the status of a failed upgrade.
WRONG_CODE = 4003
_HOST = re.compile(r"[A-Za-z0-9.\-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?")
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


def phone_page() -> str:
    """The phone page's HTML: one self-contained file, nothing templated into it."""
    return resources.files("game.voting").joinpath("page/phone.html").read_text(encoding="utf-8")


def content_security_policy(html: str, host: str) -> str:
    """Allow exactly the page's own inline script and style, and sockets back to this server."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in _INLINE.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes[kind].append(f"'sha256-{digest}'")
    # 'unsafe-inline' only matters to browsers too old for hashes; newer ones ignore it.
    connect = f"'self' ws://{host}" if _HOST.fullmatch(host) else "'self'"
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'unsafe-inline' " + " ".join(hashes["script"]),
            "style-src 'unsafe-inline' " + " ".join(hashes["style"]),
            f"connect-src {connect}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def build_app(room: VoteRoom, code: str) -> web.Application:
    """The aiohttp application serving one voting session with join code `code`."""
    html = phone_page()
    # Small limits: the page sends nothing but the socket upgrade.
    app = web.Application(client_max_size=MAX_MESSAGE_BYTES)

    async def page(request: web.Request) -> web.Response:
        return web.Response(
            text=html,
            content_type="text/html",
            charset="utf-8",
            headers={
                "Content-Security-Policy": content_security_policy(html, request.host),
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store",
            },
        )

    async def vote_socket(request: web.Request) -> web.StreamResponse:
        if not code_matches(request.query.get("c", ""), code):
            return await _refuse_code(request)
        socket = web.WebSocketResponse(
            max_msg_size=MAX_MESSAGE_BYTES,
            heartbeat=HEARTBEAT_S,
            timeout=CLOSE_TIMEOUT_S,
            compress=False,  # a deflated kilobyte can inflate to megabytes
        )
        phone = room.admit(request, socket)
        if phone is None:
            raise web.HTTPServiceUnavailable(text="this vote is full")
        try:
            await socket.prepare(request)
            async for message in socket:
                if message.type is not WSMsgType.TEXT or not room.receive(phone, message.data):
                    await socket.close(code=POLICY_VIOLATION)
                    break
        finally:
            room.leave(phone)
        return socket

    app.router.add_get("/", page)
    app.router.add_get("/ws", vote_socket)
    return app


def code_matches(given: str, code: str) -> bool:
    """Compare join codes in constant time, ignoring case (phones capitalise freely)."""
    return hmac.compare_digest(given.strip().upper().encode("utf-8"), code.encode("utf-8"))


async def _refuse_code(request: web.Request) -> web.WebSocketResponse:
    socket = web.WebSocketResponse(max_msg_size=MAX_MESSAGE_BYTES, timeout=CLOSE_TIMEOUT_S)
    await socket.prepare(request)
    await socket.close(code=WRONG_CODE, message=b"wrong join code")
    return socket
