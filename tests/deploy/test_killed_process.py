"""A dashboard process killed in the middle of a session: its reader reconnects, others see nothing.

What the browser does when its websocket drops is reconnect through the same address
with the same cookies; HAProxy sends it to a live process (option redispatch), which
starts a new session and runs the page. deploy/serve.py restarts the dead process and
HAProxy takes it back once it is ready. Behaviour only, nothing timed.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from deploy_support import COOKIE, Tab, serve
from monitor_fixtures import write_dataset
from websockets.exceptions import ConnectionClosed

from etl import refresh


@pytest.fixture
def served(tmp_path):
    db = tmp_path / "published" / "monitor.duckdb"
    assert refresh.run(write_dataset(tmp_path / "a"), db).ok
    with serve(db, tmp_path, replicas=2) as front:
        yield front


def test_a_killed_process_costs_its_reader_a_reconnect_and_the_others_nothing(served):
    victim = Tab(served.url, cookies={COOKIE: "app1"})
    bystander = Tab(served.url, cookies={COOKIE: "app2"})
    victim.open()
    bystander.open()
    try:
        assert victim.run().ok and bystander.run().ok
        assert victim.answered_by == ["app1", "app1"]
        assert bystander.answered_by == ["app2", "app2"]

        os.kill(served.replica("app1")["pid"], signal.SIGKILL)

        # The reader's open websocket is gone...
        with pytest.raises((ConnectionClosed, OSError, TimeoutError)):
            victim.run()
        victim.close()
        # ...and reconnecting with the same cookie, at once, gets the page from the live
        # process: never an error page, and the page runs without an exception.
        again = Tab(served.url, cookies=dict(victim.cookies))
        page = again.open()
        try:
            assert page.status_code == 200
            assert again.answered_by == ["app2", "app2"]
            assert again.cookies[COOKIE] == "app2"
            run = again.run()
            assert run.ok, run.exceptions
        finally:
            again.close()

        # The other reader's session went on as if nothing happened.
        for _ in range(3):
            assert bystander.run().ok
        assert bystander.answered_by == ["app2", "app2"]

        # The dead process is restarted and, once ready, serves its cookie's readers again.
        deadline = time.monotonic() + 180
        while True:
            returning = Tab(served.url, cookies={COOKIE: "app1"})
            page = returning.open()
            returning.close()
            assert page.status_code == 200
            if returning.answered_by[0] == "app1":
                break
            assert time.monotonic() < deadline, "app1 never came back"
            time.sleep(1)
        assert served.replica("app1")["restarts"] == 1
    finally:
        bystander.close()
