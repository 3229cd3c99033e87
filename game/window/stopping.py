"""SIGTERM and SIGINT as "save and close", told apart from a click on the window's close box.

SDL would turn both signals into a plain quit event (which only asks "Quit?"), so the window
installs its own handlers while its loop runs. Python runs a handler only between bytecodes of
the main thread, so a watcher thread also hears each signal at once (through the wakeup fd):
it wakes the loop, and should the loop not end within `grace` seconds (a frozen window), it
lets the writer finish what is queued and ends the process itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGINT)
# How long a window that heard a signal may take to save and close before it is ended.
GRACE = 5.0


class StopSignals:
    """Hears SIGTERM/SIGINT while `installed`: `received` is the signal, `wake` is called."""

    def __init__(self, wake: Callable[[], None], grace: float = GRACE) -> None:
        self.wake = wake
        self.grace = grace
        self.received: int | None = None
        self._done = threading.Event()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum

    @contextlib.contextmanager
    def installed(self, flush: Callable[[float], bool]) -> Iterator[None]:
        """Handle the signals inside the block (only on the main thread, the one place Python
        allows it); `flush` finishes the queued writes before a frozen window is ended."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        reader, writer = socket.socketpair()
        writer.setblocking(False)
        previous = {sig: signal.getsignal(sig) for sig in SIGNALS}
        old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        for sig in SIGNALS:
            signal.signal(sig, self._handle)
        self._done.clear()
        watcher = threading.Thread(
            target=self._watch, args=(reader, flush), name="reconnect-signals", daemon=True
        )
        watcher.start()
        try:
            yield
        finally:
            self._done.set()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            signal.set_wakeup_fd(old_fd)
            with contextlib.suppress(OSError):
                writer.send(b"\0")  # lets the watcher see that it is done
            watcher.join(1.0)
            reader.close()
            writer.close()

    def _watch(self, reader: socket.socket, flush: Callable[[float], bool]) -> None:
        while not self._done.is_set():
            try:
                data = reader.recv(16)
            except OSError:
                return
            heard = [b for b in data if b in SIGNALS]
            if not heard or self._done.is_set():
                continue
            if self.received is None:
                self.received = heard[0]
            self.wake()
            if not self._done.wait(self.grace):
                flush(self.grace)
                os._exit(128 + heard[0])
