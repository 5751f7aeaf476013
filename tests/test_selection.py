"""The test suite can be cut in two (`-m browser` / `-m "not browser"`) and stands apart from bench/."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selection import BROWSER_TESTS, TESTS, mark_browser_tests


@dataclass
class Item:
    path: object
    markers: list = field(default_factory=list)

    def add_marker(self, marker) -> None:
        self.markers.append(marker.name)


def test_every_test_under_tests_browser_and_nothing_else_is_marked_browser():
    inside = Item(BROWSER_TESTS / "test_overview_in_browser.py")
    deeper = Item(BROWSER_TESTS / "sub" / "test_x.py")
    outside = Item(TESTS / "etl" / "test_refresh.py")
    lookalike = Item(TESTS / "browserish" / "test_x.py")
    mark_browser_tests([inside, deeper, outside, lookalike])
    assert (inside.markers, deeper.markers) == (["browser"], ["browser"])
    assert (outside.markers, lookalike.markers) == ([], [])


def test_no_test_helper_or_test_outside_tests_bench_imports_the_benchmark():
    """Tests and benchmarks share testkit/; only tests/bench tests the benchmark itself."""
    importing = re.compile(r"^\s*(from bench\b|import bench\b)", re.MULTILINE)
    offenders = [
        str(p.relative_to(TESTS))
        for p in TESTS.rglob("*.py")
        if TESTS / "bench" not in p.parents and importing.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_test_elsewhere_that_starts_chromium_marks_itself_browser():
    """Playwright drives Chromium, and so does kaleido for PNG/PDF export."""
    starts_chromium = re.compile(r"playwright|kaleido|write_image|to_image|browser_support")
    unmarked = [
        str(p.relative_to(TESTS))
        for p in TESTS.rglob("test_*.py")
        if BROWSER_TESTS not in p.parents
        and p.name != "test_selection.py"
        and starts_chromium.search(text := p.read_text(encoding="utf-8"))
        and "pytestmark = pytest.mark.browser" not in text
    ]
    assert unmarked == []
