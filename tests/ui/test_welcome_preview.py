"""Welcome: raising the reading size never pushes the preview line out of view."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.window.screens.intro import SetupScreen

from .harness import make_app, shipped

NONE: frozenset[str] = frozenset()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_the_preview_stays_in_view_up_to_200_percent(tmp_path: Path, size: tuple[int, int]) -> None:
    app, d = make_app(tmp_path / "data", shipped(), setup_done=False, size=size)
    page = app.manager.top
    assert isinstance(page, SetupScreen)
    slider = page.column.focusables()[0]
    for _ in range(5):  # from Continue up to the slider
        if page.focused is slider:
            break
        d.post_key("up", NONE)
    assert page.focused is slider
    seen = []
    while app.ctx.metrics.reading_scale < 2.0:
        d.post_key("right", NONE)
        view, preview = page.column.rect, page.preview.rect
        seen.append(app.ctx.metrics.reading_scale)
        assert view.top <= preview.top and preview.bottom <= view.bottom, seen[-1]
        assert view.top <= slider.rect.top and slider.rect.bottom <= view.bottom, seen[-1]
        assert len(seen) < 40
    assert page.column.max_scroll > 0  # at 200% the page does scroll: the test is not idle
    app.close()
