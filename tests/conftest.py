"""Shared fixtures and the rule for tests that need a system package.

Stories for tests are built from YAML text in memory (`make_story`, `load_yaml`), with no
folder to write. A test marked `needs_chromium` (or `needs_espeak`) is deselected (never
silently skipped) on a machine without Debian's chromium and chromium-driver (or espeak-ng):
the run ends with a NOT RUN line saying what to install. Under CI (CI=true) a missing package
is an error instead, since .ci/run installs it first.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from storytexts import build, load

from game.engine.loader import LoadResult
from game.engine.model import Story

if TYPE_CHECKING:
    from game.voting import JoinInfo, VoteServer

# No per-example deadline: a deadline is a timing check, and this machine is shared and noisy.
# Speed is measured in bench/, never in a unit test.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromedriver")
INSTALL_HINT = (
    "needs Debian packages chromium and chromium-driver: "
    "sudo apt-get install chromium chromium-driver"
)
ESPEAK_HINT = "needs the Debian package espeak-ng: sudo apt-get install espeak-ng"
_not_run: list[str] = []


def chromium_installed() -> bool:
    """True when the browser and its driver are where Debian puts them."""
    return all(shutil.which(path) for path in CHROMIUM)


def espeak_installed() -> bool:
    """True when the speech engine pyttsx3 drives on Linux is installed."""
    return shutil.which("espeak-ng") is not None


# marker -> (is the package there, what the tests are, how to install it)
SYSTEM_PACKAGES: dict[str, tuple[Callable[[], bool], str, str]] = {
    "needs_chromium": (chromium_installed, "browser test", INSTALL_HINT),
    "needs_espeak": (espeak_installed, "speech engine test", ESPEAK_HINT),
}


def pytest_configure(config: pytest.Config) -> None:
    for marker, (_, what, hint) in SYSTEM_PACKAGES.items():
        config.addinivalue_line("markers", f"{marker}: a real {what} ({hint})")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for marker, (installed, what, hint) in SYSTEM_PACKAGES.items():
        wanting = [item for item in items if item.get_closest_marker(marker)]
        if not wanting or installed():
            continue
        if os.environ.get("CI") == "true":
            raise pytest.UsageError(f"CI runs every {what}; its package is missing ({hint})")
        config.hook.pytest_deselected(items=wanting)
        items[:] = [item for item in items if item not in wanting]
        plural = "s" if len(wanting) > 1 else ""
        _not_run.append(f"{len(wanting)} {what}{plural} ({hint})")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in _not_run:
        terminalreporter.write_line(f"NOT RUN: {line}", yellow=True, bold=True)


@pytest.fixture
def voting() -> Iterator[tuple[VoteServer, JoinInfo]]:
    """A running vote server on 127.0.0.1 (a free port), stopped after the test."""
    from game.voting import VoteServer

    server = VoteServer("127.0.0.1", 0)
    info = server.start()
    yield server, info
    server.stop()


StoryFactory = Callable[..., Story]


@pytest.fixture
def make_story() -> StoryFactory:
    """Build a story from YAML texts (story.yaml first, then chapters); it must have no errors."""
    return build


@pytest.fixture
def load_yaml() -> Callable[..., LoadResult]:
    """Load a story from YAML texts, keeping whatever diagnostics it has."""
    return load


@pytest.fixture(autouse=True)
def _own_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test (and the processes it starts) keeps caches in its own folder, not the user's."""
    monkeypatch.setenv("RECONNECT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
