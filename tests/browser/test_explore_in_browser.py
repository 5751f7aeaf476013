"""Filter -> share -> reopen -> export, in a real browser, on the explorer's synthetic dataset.

st.dataframe is a canvas, so rows are checked through the count the page writes in bold
("2 records") and through the downloaded CSV.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from browser_support import ROOT, running_app
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

COUNT = re.compile(r"^\d+ records?$")
SEARCH = "Search summaries, courts, places and publishers"
SHOTS = ROOT / "test-results"


@pytest.fixture(scope="module")
def explore_url(explore_db):
    with running_app(explore_db) as url:
        yield url


def count(page: Page):
    return page.locator("strong").filter(has_text=COUNT)


def pick(page: Page, box: str, option: re.Pattern) -> None:
    """Choose an option in a sidebar multiselect. A box opened while the page still reruns
    lists the previous counts, so close and reopen it until the option appears."""
    for _ in range(3):
        page.locator('[data-testid="stMultiSelect"]').filter(has_text=box).click()
        wanted = page.get_by_role("option", name=option)
        try:
            wanted.click(timeout=10_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.locator('[data-testid="stMultiSelect"]').filter(has_text=box).click()
    page.get_by_role("option", name=option).click()


def test_filter_share_reopen_and_export_round_trip(page: Page, explore_url: str, tmp_path: Path):
    # A deep link is the first page this fresh server serves: app.py must still run
    # (the language switch is drawn by app.py, not by the page).
    page.goto(f"{explore_url}/explore")
    expect(count(page)).to_have_text("8 records", timeout=30_000)
    expect(page.get_by_text("Language", exact=True)).to_be_visible()

    # Filter: a search, then a country picked from the facet list.
    page.get_by_label(SEARCH, exact=True).fill("wagner")
    page.get_by_label(SEARCH, exact=True).press("Enter")
    expect(count(page)).to_have_text("2 records", timeout=15_000)
    pick(page, "Country", re.compile(r"^Uzbekistan \(1\)"))
    expect(count(page)).to_have_text("1 record", timeout=15_000)
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/explore\?country=UZB&q=wagner$"), timeout=15_000)

    # Share: the page prints the same address for copying.
    shared = page.url
    expect(page.get_by_text(re.compile(r"/explore\?country=UZB&q=wagner$")).first).to_be_visible()

    # Reopen the shared address in a fresh tab: same view, same rows.
    other = page.context.new_page()
    other.goto(shared)
    expect(count(other)).to_have_text("1 record", timeout=30_000)
    expect(other.get_by_label(SEARCH, exact=True)).to_have_value("wagner")
    SHOTS.mkdir(exist_ok=True)
    other.screenshot(path=str(SHOTS / "explore-reopened.png"), full_page=True)

    # Export: the CSV holds exactly that row, with the version and the filters.
    with other.expect_download(timeout=30_000) as info:
        other.get_by_role("button", name="Download as CSV (1)").click()
    data = Path(info.value.path()).read_bytes()
    rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert list(rows["record_id"]) == ["C-0001"]
    assert set(rows["filters"]) == {"country=UZB&q=wagner"}
    assert rows["data_version"].str.fullmatch(r"[0-9a-f]{12}").all()
    assert other.locator('[data-testid="stException"]').count() == 0


def test_a_bad_link_shows_a_note_not_a_traceback(page: Page, explore_url: str):
    page.goto(f"{explore_url}/explore?country=UZB,MARS&when=now")
    expect(count(page)).to_have_text("3 records", timeout=30_000)
    expect(page.get_by_text("does not allow: MARS")).to_be_visible()
    expect(page.get_by_text("ignored: when")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_clicking_a_bar_on_the_overview_opens_exactly_its_records(page: Page, explore_url: str):
    page.goto(explore_url)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    # The first chart is cases by country, sorted ascending: its last bar is the largest
    # (Uzbekistan, 2 cases in the explorer's dataset).
    bar = page.locator('[data-testid="stPlotlyChart"]').first.locator("g.point path").last
    expect(bar).to_be_visible(timeout=15_000)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box
    # Plotly's drag layer sits on top of the bars: click where the bar is, not the element.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"/explore\?type=cases&country=UZB$"), timeout=30_000)
    expect(count(page)).to_have_text("2 records", timeout=30_000)


@pytest.fixture(scope="module")
def scaled_url(scaled_db):
    with running_app(scaled_db) as url:
        yield url


def test_pages_step_through_and_the_export_holds_every_page(page: Page, scaled_url: str):
    """More records than a page: the table shows 200 at a time, the CSV holds them all."""
    page.goto(f"{scaled_url}/explore?sort=id")
    expect(count(page)).to_have_text(COUNT, timeout=30_000)
    total = int(count(page).inner_text().split()[0])
    assert total > 400
    expect(page.get_by_text(f"Rows 1–200 of {total}")).to_be_visible()
    page.get_by_test_id("stNumberInputStepUp").click()
    expect(page.get_by_text(f"Rows 201–400 of {total}")).to_be_visible(timeout=15_000)
    # The address keeps the view, not the page.
    expect(page).to_have_url(re.compile(r"/explore\?sort=id$"))

    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=f"Download as CSV ({total})").click()
    rows = pd.read_csv(Path(info.value.path()), encoding="utf-8-sig", dtype=str)
    assert len(rows) == total
    assert rows["record_id"].is_unique
    # In the view's order (by id), every page after the other.
    assert list(rows["record_id"]) == sorted(rows["record_id"])
    assert set(rows["filters"]) == {"sort=id"}
    assert page.locator('[data-testid="stException"]').count() == 0
