"""Which tests carry which marker: `pytest -m browser` runs exactly the browser tests.

A `pytestmark` in a conftest.py is ignored (pytest reads only a test module's own), so the
browser folder's tests are marked here, at collection, from where they live.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
BROWSER_TESTS = TESTS / "browser"


def mark_browser_tests(items) -> None:
    """Add the `browser` marker to every collected test under tests/browser."""
    for item in items:
        if BROWSER_TESTS in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
