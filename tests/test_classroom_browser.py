"""The session report and the teacher guide in a real browser (headless Chromium): printed to
PDF on A4 and photographed as PNG; nothing overflows the printed page, nothing is fetched."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from browser import chromium
from selenium.webdriver.remote.webdriver import WebDriver

from game.classroom.guide import teacher_guide, write_guide
from game.classroom.session import session_report, write_session_report
from game.engine.loader import load_story
from game.engine.path import path_taken
from game.engine.runner import Phase, Runner
from game.resources import shipped_story

pytestmark = pytest.mark.needs_chromium
OUT = Path(__file__).resolve().parent / "_out" / "classroom"
# A4 less the 15 mm side margins the print CSS asks for, in CSS pixels (96 per inch).
PRINTED_WIDTH = round((210 - 2 * 15) / 25.4 * 96)
A4_PX = (round(210 / 25.4 * 96), round(297 / 25.4 * 96))


class Vote:
    """A closed class vote, shaped as the voting server records it."""

    def __init__(self, decision_id: str, options: tuple[str, ...], counts: tuple[int, ...]):
        self.decision_id, self.prompt, self.options = decision_id, "Which way?", options
        self.counts, self.winner = counts, counts.index(max(counts))


@pytest.fixture(scope="module")
def handouts() -> dict[str, Path]:
    """The shipped story's guide, and the report of a game to its end with two class votes."""
    story = load_story(shipped_story()).story
    assert story is not None
    runner = Runner(story)
    while runner.phase is not Phase.ENDED:
        if runner.phase is Phase.BEAT:
            runner.advance()
        else:
            runner.choose(len(runner.options) - 1)
    steps = path_taken(runner).steps
    votes = [
        Vote(steps[0].key, steps[0].options, tuple(range(len(steps[0].options), 0, -1))),
        Vote(steps[3].key, steps[3].options, tuple([4] * (len(steps[3].options) - 1) + [9])),
    ]
    report = session_report(runner, datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc), votes)
    OUT.mkdir(parents=True, exist_ok=True)
    html, _ = write_session_report(report, OUT / "report")
    guide, _ = write_guide(teacher_guide(story), OUT / "guide")
    return {"report": html, "guide": guide}


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium(1024, 900) as chrome:
        yield chrome


def print_to_pdf(driver: WebDriver) -> bytes:
    printed = driver.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    return base64.b64decode(printed["data"])


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote (each is an object of type /Page, not /Pages)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def overflowing(driver: WebDriver) -> list[str]:
    """Elements reaching past the printed width (print media, A4 text width)."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PRINTED_WIDTH, "height": A4_PX[1], "deviceScaleFactor": 1, "mobile": False},
    )
    found: list[str] = driver.execute_script(
        """
        const limit = document.documentElement.clientWidth + 0.5;
        return [...document.body.querySelectorAll('*')]
            .filter(e => e.getBoundingClientRect().right > limit)
            .map(e => e.tagName + ': ' + (e.textContent || '').slice(0, 60));
        """
    )
    return found


def photograph(driver: WebDriver, name: str, media: str, width: int) -> Path:
    """The whole page as PNG in `media` at `width` CSS pixels, kept for people to look at."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": A4_PX[1], "deviceScaleFactor": 1, "mobile": False},
    )
    full = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    shot = OUT / f"{name}-{media}.png"
    shot.write_bytes(base64.b64decode(full["data"]))
    return shot


@pytest.mark.parametrize(("name", "pages"), [("report", (2, 12)), ("guide", (4, 30))])
def test_the_handout_prints_on_a4_and_fetches_nothing(
    handouts: dict[str, Path], driver: WebDriver, name: str, pages: tuple[int, int]
) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.get(handouts[name].as_uri())
    assert driver.title.startswith("Session report" if name == "report" else "Teacher guide")
    fetched = driver.execute_script("return performance.getEntriesByType('resource').length")
    assert fetched == 0
    pdf = print_to_pdf(driver)
    (OUT / f"{name}.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    low, high = pages
    assert low <= pdf_pages(pdf) <= high
    assert overflowing(driver) == []
    assert photograph(driver, name, "print", A4_PX[0]).stat().st_size > 10_000
    assert photograph(driver, name, "screen", 1024).stat().st_size > 10_000


def test_each_lesson_card_starts_a_printed_page(
    handouts: dict[str, Path], driver: WebDriver
) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.get(handouts["guide"].as_uri())
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    breaks: list[str] = driver.execute_script(
        "return [...document.querySelectorAll('.lesson-card')]"
        ".map(e => getComputedStyle(e).breakBefore)"
    )
    story = load_story(shipped_story()).story
    assert story is not None
    endings = sum(s.ending is not None for s in story.scenes.values())
    assert breaks == ["page"] * endings
    pdf = print_to_pdf(driver)
    assert pdf_pages(pdf) > endings
