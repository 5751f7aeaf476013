"""A served process runs every page once before it says ready, and learns the pages itself.

Nothing is timed here: the figures (first page load with and without warming) are the
benchmark's (`python -m bench --only serving`).
"""

from __future__ import annotations

import httpx
from websockets.sync.client import connect

from dashboard import warm
from dashboard.i18n import LANGUAGES
from testkit import server


def test_the_landing_page_is_warmed_in_every_language():
    queries = [query for page, query in warm.landing()]
    assert all(page == "" for page, _ in warm.landing())
    assert queries[0] == "" and len(queries) == len(LANGUAGES)
    assert {q.removeprefix("lang=") for q in queries[1:]} == set(LANGUAGES) - {"en"}


def test_a_served_process_is_ready_only_when_warm_and_knows_every_page(real_db):
    with server.dashboard(real_db) as app:  # returns once /_monitor/ready says ok
        assert httpx.get(app.url + "/_monitor/ready").text == "ok"
        assert httpx.get(app.url + "/_stcore/health").status_code == 200
        pages: list[str] = []
        with connect(
            app.url.replace("http", "ws") + "/_stcore/stream",
            subprotocols=["streamlit"],
            origin=app.url,
        ) as socket:
            assert warm._run(socket, "", "", pages)
        assert pages[0] == "" and {"explore", "trends", "awareness", "maintainer"} <= set(pages)
        assert warm.warm(app.url) == []
