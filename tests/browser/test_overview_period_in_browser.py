"""The overview's period control reruns its chart alone (an st.fragment), and that chart's
bars still open the explorer on their records."""

from __future__ import annotations

import re

from browser_support import CHART
from playwright.sync_api import Page, expect

OVER_TIME = '[data-testid="stPlotlyChart"]:below(:text("Court cases over time"))'


def test_a_period_change_redraws_its_chart_and_a_bar_opens_the_explorer(page: Page, app_url):
    page.goto(app_url)
    page.wait_for_selector(CHART, timeout=60_000)
    page.get_by_role("radio", name="Quarter", exact=True).click()
    page.wait_for_function(
        "[...document.querySelectorAll('.xtick text')].some(t => / Q[1-4]$/.test(t.textContent))",
        timeout=60_000,
    )
    assert page.locator('[data-testid="stException"]').count() == 0
    # The other charts were not rerun away: the page still shows all of them.
    # (the chart title, not its copy inside the collapsed embed snippet)
    expect(
        page.get_by_role("strong").filter(has_text="Court cases at home, by country")
    ).to_be_visible()
    bar = page.locator(f"{OVER_TIME} g.point path").first
    expect(bar).to_be_visible(timeout=30_000)
    bar.click(force=True)
    page.wait_for_url(re.compile(r"/explore\?"), timeout=60_000)
    assert "type=cases" in page.url
