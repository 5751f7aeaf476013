"""The map draws with the network cut off, straight from a deep link; downloads are real files."""

from __future__ import annotations

import pytest
from browser_support import CHART, running_app
from playwright.sync_api import Page, expect

from dashboard.figure_export import PDF_MAGIC, PNG_MAGIC
from dashboard.i18n import t


@pytest.fixture(scope="module")
def fresh_app(real_db):
    """A server of its own: the first page it ever serves is the deep link under test."""
    with running_app(real_db) as url:
        yield url


def test_the_map_draws_the_countries_with_every_outside_request_blocked(
    page: Page, fresh_app: str, offline: list[str]
):
    page.goto(f"{fresh_app}/map?lang=ru")
    page.wait_for_selector(CHART, timeout=30_000)
    expect(page.get_by_role("heading", name=t("map.heading", "ru"))).to_be_visible()
    expect(page.get_by_role("link", name=t("nav.map", "ru"))).to_be_visible()  # app.py ran
    shapes = page.locator(f"{CHART} path.choroplethlocation")
    expect(shapes.first).to_be_visible(timeout=15_000)
    assert shapes.count() >= 7  # the five, Russia, Ukraine (and neighbours)
    sizes = [shapes.nth(i).bounding_box() for i in range(shapes.count())]
    assert sum(1 for b in sizes if b and b["width"] > 20 and b["height"] > 20) >= 7
    assert page.locator('[data-testid="stException"]').count() == 0
    assert offline == [], f"requests left the machine: {offline}"


def test_a_chart_downloads_as_a_png(page: Page, fresh_app: str, offline: list[str]):
    page.goto(f"{fresh_app}/map")
    page.wait_for_selector(CHART, timeout=30_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_text(t("chart.download_png", "en")).first.click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(8) == PNG_MAGIC
    assert offline == []


def test_the_country_brief_downloads_as_a_pdf(page: Page, fresh_app: str):
    page.goto(f"{fresh_app}/country?country=KGZ&lang=ru")
    page.wait_for_selector(CHART, timeout=30_000)
    expect(
        page.get_by_role("heading", name=t("brief.heading", "ru", country="Кыргызстан"))
    ).to_be_visible()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_text(t("brief.download.pdf", "ru")).click()
    assert download.value.suggested_filename == "brief-KGZ.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == PDF_MAGIC
