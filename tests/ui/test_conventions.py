"""Ren'Py's conventions: Skip through lines read before (kept across plays), Auto on screen, a
key to look at the picture, and crossfades between scenes (none with reduced motion)."""

from __future__ import annotations

from pathlib import Path

from game.engine.runner import Phase
from game.persistence.seen import SEEN_FILE, load_seen, save_seen
from game.window.screens.scene import SceneScreen

from .harness import make_app, runner, start_game, starter, to_phase, write_settings

NONE: frozenset[str] = frozenset()


def scene(app: object) -> SceneScreen:
    top = app.manager.top  # type: ignore[attr-defined]
    assert isinstance(top, SceneScreen)
    return top


def test_seen_lines_survive_a_damaged_file_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / SEEN_FILE
    assert load_seen(path) == set()
    path.write_text("{not json", encoding="utf-8")
    assert load_seen(path) == set()
    save_seen(path, {"b", "a"})
    assert load_seen(path) == {"a", "b"}


def test_skip_passes_lines_read_in_an_earlier_play_and_stops_at_the_choice(
    tmp_path: Path,
) -> None:
    story = starter(tmp_path / "s")
    app, d = make_app(tmp_path / "data", story)
    start_game(app, d)
    d.post_key("s", NONE)  # nothing read yet: Skip does not start
    assert not scene(app).skipper.toggled and runner(app).phase is Phase.BEAT
    to_phase(d, Phase.CHOICE)
    lines = len(runner(app).history)
    app.close()
    assert (tmp_path / "data" / SEEN_FILE).exists()

    app, d = make_app(tmp_path / "data", story)
    start_game(app, d)
    d.post_key("s", NONE)
    assert scene(app).skipper.toggled
    d.step(0.1 * lines + 1)  # no key pressed: Skip reads on by itself...
    assert runner(app).phase is Phase.CHOICE  # ...and stops at the choice
    assert not scene(app).skipper.toggled
    app.close()


def test_auto_button_and_key_switch_auto_advance(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    assert not app.settings.auto_advance
    assert d.click_label("Auto")
    assert app.settings.auto_advance
    assert next(b for b in scene(app).quick if b.label == "Auto").on
    d.post_key("a", NONE)
    assert not app.settings.auto_advance
    app.close()


def test_h_hides_the_text_and_the_next_key_only_brings_it_back(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    d.step(5)
    before = runner(app).line
    d.post_key("h", NONE)
    assert scene(app).peeking
    d.post_key("space", NONE)
    assert not scene(app).peeking and runner(app).line == before
    app.close()


def test_a_new_picture_crossfades_unless_motion_is_reduced(tmp_path: Path) -> None:
    for reduced in (False, True):
        base = tmp_path / f"data-{reduced}"
        write_settings(base, reduced_motion=reduced)
        app, d = make_app(base, starter(tmp_path / "s"))
        start_game(app, d)
        view = scene(app)
        view.background = "an earlier picture"
        view.follow_background()
        fade = app.ctx.theme.motion.fade
        if reduced:
            assert view.fade_from is None and view.fade_left == 0
        else:
            assert view.fade_from == "an earlier picture" and view.fade_left == fade
            d.step(fade + 0.1)
            assert view.fade_left == 0
        app.close()
