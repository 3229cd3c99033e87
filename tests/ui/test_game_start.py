"""The window starts its new games as `reconnect play` was asked: --seed, --set, --checkpoint."""

from __future__ import annotations

from pathlib import Path

from conftest import StoryFactory
from format2_story import CHAPTER, STORY

from game.cli import _game_start, build_parser
from game.window.options import WindowOptions

from .harness import make_app, runner, start_game


def test_the_window_starts_at_the_checkpoint_with_the_seed_and_set_values(
    tmp_path: Path, make_story: StoryFactory
) -> None:
    story = make_story(STORY, CHAPTER)
    args = build_parser().parse_args(
        ["play", "--seed", "11", "--set", "ready=false", "--checkpoint", "ch2"]
    )
    args.game_start = _game_start(story, args)
    options = WindowOptions.from_args(args)
    assert options.start is not None and options.start.seed == 11
    app, driver = make_app(tmp_path, story, start=options.start)
    start_game(app, driver)
    game = runner(app)
    assert game.scene.id == "bench" and game.values["warmth"] == 4
    assert game.state.seed == 11 and game.values["ready"] is False


def test_without_options_each_window_game_draws_from_a_fresh_seed(
    tmp_path: Path, make_story: StoryFactory
) -> None:
    story = make_story(STORY, CHAPTER)
    assert WindowOptions.from_args(build_parser().parse_args(["play"])).start is None
    app, driver = make_app(tmp_path, story)
    start_game(app, driver)
    game = runner(app)
    assert game.scene.id == "hello" and game.state.seed is not None
