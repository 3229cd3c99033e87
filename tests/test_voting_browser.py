"""A real phone browser (headless Chromium) joins, votes and sees the result (127.0.0.1)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser import chromium
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from game.voting import JoinInfo, VoteServer

pytestmark = pytest.mark.needs_chromium
OUT = Path(__file__).resolve().parent / "_out"


@pytest.fixture
def driver() -> Iterator[WebDriver]:
    """Headless Chromium at a phone's size (390×844 CSS pixels), with a fresh profile."""
    with chromium(390, 844) as chrome:
        yield chrome


def eventually(check: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Wait (bounded) for the page to reach a state; the browser updates asynchronously."""
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_a_phone_votes_changes_its_vote_and_sees_the_result(
    voting: tuple[VoteServer, JoinInfo], driver: WebDriver
) -> None:
    server, info = voting
    driver.get(info.url)

    def status() -> str:
        return str(driver.find_element(By.ID, "status").text)

    eventually(lambda: "Waiting for the next choice" in status(), "the waiting message")
    assert server.snapshot().phones == 1
    server.open_vote(
        "kettle", "Maya is upset. What do you do?", ["Listen first", "Offer advice", "<b>Leave</b>"]
    )
    eventually(lambda: len(driver.find_elements(By.CSS_SELECTOR, ".option")) == 3, "options")
    buttons = driver.find_elements(By.CSS_SELECTOR, ".option")
    assert buttons[2].text == "<b>Leave</b>"  # shown as text, never as markup

    def tap(index: int) -> bool:
        # Each server message redraws the options, so a found button may already be stale.
        try:
            driver.find_elements(By.CSS_SELECTOR, ".option")[index].click()
        except StaleElementReferenceException:
            return False
        return True

    eventually(lambda: tap(1), "a tap on the second option")
    eventually(lambda: server.snapshot().counts == (0, 1, 0), "the first vote")
    eventually(lambda: tap(0), "a tap on the first option")
    eventually(lambda: server.snapshot().counts == (1, 0, 0), "the changed vote")

    def pressed() -> list[str] | None:
        # Read between redraws: a message that lands while reading makes the buttons stale.
        try:
            found = driver.find_elements(By.CSS_SELECTOR, '.option[aria-pressed="true"]')
            return [b.text.splitlines()[0] for b in found]
        except StaleElementReferenceException:
            return None

    texts = None
    for _ in range(100):
        texts = pressed()
        if texts is not None:
            break
    assert texts == ["Listen first"]
    eventually(lambda: "Your vote: Listen first" in status(), "the vote in the status line")

    driver.refresh()  # a reload keeps the device token, so the vote is still this phone's
    eventually(lambda: "Your vote: Listen first" in status(), "the vote after a reload")
    assert server.snapshot().total == 1

    assert server.close_vote().winner == 0
    eventually(
        lambda: "The class chose: Listen first" in driver.find_element(By.ID, "result").text,
        "the result",
    )
    OUT.mkdir(exist_ok=True)
    shot = OUT / "phone.png"
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 1000


def test_the_page_asks_for_the_code_when_it_is_missing_or_wrong(
    voting: tuple[VoteServer, JoinInfo], driver: WebDriver
) -> None:
    _, info = voting
    driver.get(info.url.replace(info.code, "WRONG9"))
    eventually(lambda: driver.find_element(By.ID, "join").is_displayed(), "the code form")
    assert "not right" in driver.find_element(By.ID, "status").text
    field = driver.find_element(By.ID, "code")
    field.send_keys(info.code.lower())
    driver.find_element(By.CSS_SELECTOR, "button.join").click()
    eventually(
        lambda: "Waiting for the next choice" in driver.find_element(By.ID, "status").text,
        "joining with the typed code",
    )
