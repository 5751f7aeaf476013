"""The overview really renders in a browser: charts drawn as SVG with bars in them."""

from __future__ import annotations

from browser_support import CHART
from playwright.sync_api import Page, expect


def test_the_overview_draws_its_charts_in_chromium(page: Page, app_url: str):
    page.goto(app_url)
    page.wait_for_selector(CHART, timeout=30_000)
    # .first: the chart's "Embed" snippet names its title too.
    expect(page.get_by_text("Court cases at home, by country").first).to_be_visible()
    # A drawn bar chart has bar paths with a real size.
    bars = page.locator('[data-testid="stPlotlyChart"] g.point path')
    expect(bars.first).to_be_visible(timeout=15_000)
    box = bars.first.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1
    assert page.locator('[data-testid="stException"]').count() == 0
