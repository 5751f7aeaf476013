"""`make serve`: several dashboard processes behind HAProxy behave as one dashboard.

A reader's page, its websocket and its downloads reach one process (Streamlit keeps the
session and its files there); a refresh's swap is seen by every process without a
restart. Behaviour only: nothing here is timed (speed lives in `python -m bench`).
"""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from deploy_support import COOKIE, Tab, serve
from monitor_fixtures import case, incident, write_dataset

from etl import refresh
from etl.settings import ROOT

CASES = "Court cases"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    work = tmp_path_factory.mktemp("balancer")
    db = work / "published" / "monitor.duckdb"
    assert refresh.run(write_dataset(work / "a"), db).ok
    with serve(db, work, replicas=2) as front:
        front.db = db
        front.work = work
        yield front


def on(url: str, replica: str, page: str = "") -> Tab:
    """A tab whose affinity cookie already names `replica` (a returning reader)."""
    tab = Tab(url, page=page, cookies={COOKIE: replica})
    tab.open()
    return tab


def test_a_page_its_websocket_and_a_download_reach_one_process(served):
    tab = Tab(served.url, page="explore")
    page = tab.open()
    try:
        assert page.status_code == 200
        replica = tab.cookies[COOKIE]
        assert replica in {"app1", "app2"}
        run = tab.run("type=cases")
        assert run.ok, run.exceptions
        csv = tab.download("explore_csv")
        assert csv.status_code == 200
        assert csv.content.lstrip(b"\xef\xbb\xbf").startswith(b"record_type,")
        # The HTML, the websocket's handshake and the file: all answered by one process.
        assert tab.answered_by == [replica, replica, replica]
        # The file exists in that process only: sent to the other one, it is not found.
        other = "app2" if replica == "app1" else "app1"
        elsewhere = httpx.get(served.url + csv.media_path, cookies={COOKIE: other}, timeout=60)
        assert elsewhere.headers["x-monitor-replica"] == other
        assert elsewhere.status_code == 404
    finally:
        tab.close()


def test_new_readers_are_spread_over_the_processes(served):
    tabs = [Tab(served.url) for _ in range(4)]
    try:
        for tab in tabs:
            tab.open()  # each keeps its websocket open, as a reader with the page open does
        assert {tab.cookies[COOKIE] for tab in tabs} == {"app1", "app2"}
    finally:
        for tab in tabs:
            tab.close()


def test_a_swap_is_seen_by_every_process_without_a_restart(served):
    tabs = [on(served.url, "app1"), on(served.url, "app2")]
    try:
        before = [tab.run() for tab in tabs]
        assert [r.metrics.get(CASES) for r in before] == ["3", "3"]
        pids = [served.replica(name)["pid"] for name in ("app1", "app2")]
        bigger = write_dataset(
            served.work / "b", cases=[case(i) for i in range(1, 8)], incidents=[incident(20)]
        )
        done = subprocess.run(
            [sys.executable, "-m", "etl", "refresh", "--data", str(bigger), "--db", str(served.db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        after = [tab.run() for tab in tabs]
        assert all(r.ok for r in after), [r.exceptions for r in after]
        assert [r.metrics.get(CASES) for r in after] == ["7", "7"]
        # The same processes: nothing was restarted to see the new file.
        assert [served.replica(name)["pid"] for name in ("app1", "app2")] == pids
    finally:
        for tab in tabs:
            tab.close()
