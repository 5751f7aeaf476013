"""What a reader waits for in a real browser: headless Debian Chromium driven by Playwright.

- cold start: the server process started, until the first chart is drawn on the page;
- filter change: a control changed on an open page, until the page shows the new answer
  (ours: the explorer's record count, the overview's quarterly axis; the peer's: its table).
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from pathlib import Path

from bench.figures import Figures
from testkit import server
from testkit.chromium import CHART, CHROMIUM, CHROMIUM_ARGS

__all__ = ["CHART", "CHROMIUM", "CHROMIUM_ARGS"]  # re-exported for the bench's sections
COUNT = '[data-testid="stMarkdownContainer"] strong'
TIMEOUT_MS = 300_000


def available() -> str | None:
    """Why the browser figures cannot be measured here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (uv sync)"
    return None


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def cold_start(figs: Figures, browser, db: Path, label: str) -> None:
    """A new server process, then a first visit: until the first chart is drawn."""
    with server.dashboard(db) as app:
        first_chart = _first_chart(browser, app.url)
        figs.add(f"browser.{label}.server_start", app.started_s, "s")
        figs.add(f"browser.{label}.first_chart", first_chart, "s")
        figs.add(f"browser.{label}.cold_start_to_chart", app.started_s + first_chart, "s")


# The yardstick for a first view: the least a Streamlit + Plotly page can do (one title,
# one bar chart of a few rows), served by the same Streamlit with the same options.
MINIMAL_APP = """
import plotly.express as px
import streamlit as st

st.title("Minimal")
st.plotly_chart(px.bar(x=["KAZ", "KGZ", "TJK", "TKM", "UZB"], y=[3, 9, 4, 1, 29]))
"""


def minimal_app(work: Path) -> Path:
    """MINIMAL_APP written into work/ (the benchmark's own file, served by the same Streamlit)."""
    folder = work / "minimal-app"
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "app.py"
    script.write_text(MINIMAL_APP, encoding="utf-8")
    return script


def cold_start_seconds(browser, db: Path | None, script: str = "dashboard/asgi.py"):
    """(server spawn -> health, first visit -> first chart drawn) for a new server process."""
    with server.dashboard(db, script=script) as app:
        return app.started_s, _first_chart(browser, app.url)


def _first_chart(browser, url: str) -> float:
    """Seconds from opening the address in a new tab to the first chart drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(CHART, timeout=TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        page.close()


def overview_period_changes(page, url: str, changes: int) -> list[float]:
    """Milliseconds from a click on Quarter / Year to the over-time chart's new axis."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector(CHART, timeout=TIMEOUT_MS)
    samples = []
    for i in range(changes):
        quarter = i % 2 == 0
        button = page.get_by_role("radio", name="Quarter" if quarter else "Year", exact=True)
        started = time.perf_counter()
        button.click()
        page.wait_for_function(
            """(q) => [...document.querySelectorAll('.xtick text')]
                       .some(t => / Q[1-4]$/.test(t.textContent)) === q""",
            arg=quarter,
            timeout=TIMEOUT_MS,
        )
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def explore_country_changes(page, url: str, country: str, changes: int) -> list[float]:
    """Milliseconds from picking (or removing) a country in the explorer to its new count."""
    page.goto(url + "/explore?type=cases", wait_until="commit")
    page.wait_for_selector(COUNT, timeout=TIMEOUT_MS)
    # The country picker: the first visible multiselect of the sidebar's filters (a rerun
    # can leave a hidden copy of a widget earlier in the page for a moment).
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]:visible').first
    samples = []
    for i in range(changes):
        before = page.locator(COUNT).first.inner_text()
        box.scroll_into_view_if_needed(timeout=TIMEOUT_MS)
        box.click(timeout=TIMEOUT_MS)
        started = time.perf_counter()
        if i % 2 == 0:
            page.keyboard.type(country)
            page.keyboard.press("Enter")
        else:
            page.keyboard.press("Backspace")
        page.keyboard.press("Escape")
        page.wait_for_function(
            """([sel, before]) => {
                 const el = document.querySelector(sel);
                 return el && el.textContent !== before;
               }""",
            arg=[COUNT, before],
            timeout=TIMEOUT_MS,
        )
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def datasette_country_changes(page, url: str, country: str, changes: int) -> list[float]:
    """Milliseconds from a filter change on Datasette's table page (a new URL, as its filter
    form submits) to the table of matching rows."""
    base = f"{url}/monitor/cases?_size=50"
    page.goto(base)
    samples = []
    for i in range(changes):
        target = f"{base}&country_iso3={country}" if i % 2 == 0 else base
        started = time.perf_counter()
        page.goto(target, wait_until="commit")
        page.wait_for_selector("table.rows-and-columns tbody tr", timeout=TIMEOUT_MS)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def count_of(page) -> int:
    """The explorer's bold record count ('46 records' -> 46)."""
    match = re.search(r"[\d,]+", page.locator(COUNT).first.inner_text())
    return int(match.group().replace(",", "")) if match else -1
