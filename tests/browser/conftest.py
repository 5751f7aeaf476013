"""Browser tests: Playwright drives Debian's /usr/bin/chromium; they are skipped nowhere in CI.

Every test in this folder carries the `browser` marker (tests/conftest.py adds it), so
`pytest -m browser` runs exactly these and `pytest -m "not browser"` the fast suite.
"""

from __future__ import annotations

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, running_app


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def app_url(real_db):
    with running_app(real_db) as url:
        yield url
