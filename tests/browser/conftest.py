"""Browser tests: Playwright drives Debian's /usr/bin/chromium; they are skipped nowhere in CI.

Every test in this folder carries the `browser` marker (tests/conftest.py adds it), so
`pytest -m browser` runs exactly these and `pytest -m "not browser"` the fast suite.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, running_app
from playwright.sync_api import Page


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def app_url(real_db):
    with running_app(real_db) as url:
        yield url


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture
def offline(page: Page) -> list[str]:
    """Abort every request that leaves this machine and remember it."""
    attempted: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith("data:") or host in LOCAL_HOSTS:
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    page.context.route("**/*", guard)
    return attempted
