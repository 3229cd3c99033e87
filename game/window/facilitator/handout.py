"""The session report from the facilitator's menu: built from the game on screen and the class
votes taken, written on the worker into the data folder's reports/, and told in a toast."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from game.classroom.session import (
    VoteTally,
    report_path,
    session_report,
    write_session_report,
)
from game.persistence.errors import SaveError

from ..host import Host
from ..wording import save_error_text


def write_report(
    host: Host, votes: Iterable[VoteTally], shown: Mapping[str, float] | None = None
) -> None:
    """Write the report of the game in progress (HTML and Markdown), with the class votes and
    how long each Discuss card was up (seconds by decision key); a toast says where."""
    runner = host.runner
    if runner is None:
        host.toasts.show("Start or load a game first.")
        return
    when = datetime.now().astimezone()
    report = session_report(runner, when, votes, host.session.aside, shown or {})
    out = report_path(host.base, host.story.id, when)

    def write() -> tuple[Path, Path] | SaveError:
        try:
            return write_session_report(report, out)
        except SaveError as err:
            return err

    def tell(result: tuple[Path, Path] | SaveError) -> None:
        if isinstance(result, SaveError):
            host.toasts.show(f"No report written: {save_error_text(result)}", long=True)
        else:
            host.toasts.show(f"Session report written: {result[0]}", long=True)

    host.worker.run("session-report", write, tell)
