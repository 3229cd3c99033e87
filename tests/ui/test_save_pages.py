"""The save and load pages go into pages when the slots do not fit: every card on a page is
in view, PgUp/PgDn and the page buttons turn the pages, and every slot is on exactly one."""

from __future__ import annotations

from pathlib import Path

from game.engine.runner import Phase
from game.window.app import App
from game.window.driver import AppDriver
from game.window.screens.saves import SavesScreen
from game.window.widgets import Card

from .harness import make_app, start_game, starter, to_phase


def many_saves(tmp_path: Path, size: tuple[int, int]) -> tuple[App, AppDriver]:
    """A game saved in every numbered slot and the quick save."""
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"), size=size)
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    for n in range(1, 10):
        app.saving.save_to(str(n), toast=False)
    d.post_key("s", {"ctrl"})
    app.worker.flush()
    return app, d


def open_page(app: App, d: AppDriver, mode: str) -> SavesScreen:
    app.nav.open_saves(mode)
    app.worker.flush()
    d.step(0.1)
    page = app.manager.top
    assert isinstance(page, SavesScreen) and page.cards
    return page


def shown(page: SavesScreen) -> list[str]:
    """The titles of the cards on the page in view, checking each is wholly inside it."""
    cards = [w for w in page.column.widgets if isinstance(w, Card)]
    for card in cards:
        assert page.column.rect.contains(card.rect), f"{card.title} is cut off"
    assert page.column.max_scroll == 0
    return [card.title for card in cards]


def test_many_saves_go_into_pages_turned_by_keys_and_buttons(tmp_path: Path) -> None:
    app, d = many_saves(tmp_path, (1024, 768))
    page = open_page(app, d, "load")
    assert page.pages > 1
    intro = page.column.widgets[0]
    assert getattr(intro, "text", "").startswith(f"Page 1 of {page.pages}.")
    assert not page.previous.enabled and page.next.enabled
    assert isinstance(page.focused, Card)  # focus starts on the first slot, not on Back
    seen = shown(page)
    assert seen[:2] == ["Autosave", "Quick save"]
    for number in range(2, page.pages + 1):
        d.post_key("pagedown")
        assert page.page == number - 1
        assert getattr(page.column.widgets[0], "text", "").startswith(f"Page {number} of")
        assert isinstance(page.focused, Card) and page.focused.title == shown(page)[0]
        seen += shown(page)
    assert seen == [card.title for card in page.cards]  # each slot once, in order
    assert page.previous.enabled and not page.next.enabled
    d.post_key("pagedown")  # on the last page it stays there
    assert page.page == page.pages - 1
    assert d.click_label("Previous page")
    assert page.page == page.pages - 2
    for _ in range(page.pages):
        d.post_key("pageup")
    assert page.page == 0 and not page.previous.enabled
    app.close()


def test_the_page_buttons_keep_focus_and_loading_works_from_a_later_page(tmp_path: Path) -> None:
    app, d = many_saves(tmp_path, (1280, 720))
    page = open_page(app, d, "load")
    assert page.pages > 1
    for _ in range(20):
        if page.focused is page.next:
            break
        d.post_key("tab")
    assert page.focused is page.next
    d.post_key("return")
    assert page.page == 1
    # Focus stays on Next page to press again; on the last page it moves to the first card.
    first = next(w for w in page.column.widgets if isinstance(w, Card))
    assert page.focused is (page.next if page.next.enabled else first)
    last = shown(page)[-1]
    assert d.click_label(last)
    assert app.manager.top is not page  # loaded: back in the story
    app.close()


def test_the_save_page_pages_too_and_a_few_cards_stay_one_list(tmp_path: Path) -> None:
    app, d = many_saves(tmp_path, (1024, 768))
    page = open_page(app, d, "save")
    assert page.pages > 1 and shown(page)[0] == "Slot 1"
    d.post_key("escape")
    app.resize_window((1920, 2400))  # tall enough for every card
    page = open_page(app, d, "save")
    assert page.pages == 1 and len(shown(page)) == 9
    assert not any(label == "Next page" for label, _ in app.targets())
    app.close()


def test_at_the_largest_reading_size_every_page_shows_whole_cards(tmp_path: Path) -> None:
    app, d = many_saves(tmp_path, (1920, 1080))
    app.update_settings(reading_scale=2.0)
    page = open_page(app, d, "load")
    seen = shown(page)
    for _ in range(page.pages - 1):
        d.post_key("pagedown")
        seen += shown(page)
    assert seen == [card.title for card in page.cards]
    app.close()
