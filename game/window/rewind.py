"""What if?'s two actions in the window: go back to a decision (the game set aside is saved on
the worker first) and open the comparison. The engine's `Session` decides; this only shows."""

from __future__ import annotations

from game.engine.whatif import ReplayError

from .host import Host

WHAT_IF_TOAST = "What if? This time, choose another way."


def what_if(host: Host, turn: int) -> None:
    """Set this game aside (saved in its own slot) and go back to decision `turn`'s choices."""
    try:
        job = host.session.what_if(turn)
    except ReplayError as err:
        host.toasts.show(f"This game cannot be replayed: {err}.", long=True)
        return
    host.saving.write(job)
    host.nav.show_scene()
    host.saving.autosave()
    from .screens.scene import SceneScreen

    top = host.manager.top
    if not (isinstance(top, SceneScreen) and top.discuss is not None):
        # The Discuss card says where the room is; a note over it would hide the prompt.
        host.toasts.show(WHAT_IF_TOAST)


def open_compare(host: Host) -> None:
    """The game set aside last beside the game now."""
    from .screens.whatif import CompareScreen

    try:
        result = host.session.compare()
    except ReplayError as err:
        host.toasts.show(f"These games cannot be compared: {err}.", long=True)
        return
    if result is not None:
        host.manager.push(CompareScreen(host, result, host.session.aside[-1].slot))
