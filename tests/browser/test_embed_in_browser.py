"""An embedded chart in a real browser: the chart alone, inside an article's <iframe> too."""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from browser_support import CHART
from playwright.sync_api import Page, expect


@contextmanager
def article_site(folder):
    """Another local site, as a newspaper's page would be (Chromium blocks an about:blank or
    file: page from framing a local address)."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_embed_address_shows_the_chart_and_nothing_else(page: Page, app_url, tmp_path):
    page.set_viewport_size({"width": 900, "height": 700})
    page.goto(f"{app_url}/trends?embed=true&chart=trends-cases-year")
    page.wait_for_selector(CHART, timeout=60_000)
    expect(page.get_by_text("Open in the Central Asia Recruitment Monitor")).to_be_visible()
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(1)
    expect(page.get_by_text("Data version", exact=False)).to_be_visible()
    assert page.locator('[data-testid="stSidebar"]').count() == 0
    assert page.locator("h1, h2").count() == 0  # no page heading, no section heading
    assert page.locator('[data-testid="stExpander"]').count() == 0
    assert page.locator('[data-testid="stDownloadButton"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    page.screenshot(path=str(tmp_path / "embed.png"))


def test_the_snippet_embeds_the_chart_in_an_article(page: Page, app_url, tmp_path):
    page.goto(f"{app_url}/")
    page.wait_for_selector(CHART, timeout=60_000)
    page.get_by_text("Embed this chart").first.click()
    code = page.locator("code", has_text="<iframe").first
    expect(code).to_be_visible()
    snippet = code.inner_text()
    assert "chart=cases-by-country" in snippet and "embed=true" in snippet
    article = tmp_path / "article.html"
    article.write_text(f"<html><body><h1>An article</h1>{snippet}</body></html>")
    with article_site(tmp_path) as site:
        page.goto(f"{site}/article.html")
        frame = page.frame_locator("iframe")
        expect(frame.locator(CHART).first).to_be_visible(timeout=60_000)
        expect(frame.locator('[data-testid="stPlotlyChart"]')).to_have_count(1)
        expect(frame.get_by_text("Court cases at home, by country", exact=False)).to_be_visible()
        assert frame.locator('[data-testid="stSidebar"]').count() == 0
        page.wait_for_timeout(1000)
        page.screenshot(path=str(tmp_path / "article.png"))
