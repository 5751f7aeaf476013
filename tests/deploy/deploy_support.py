"""Helpers for the balancer tests: `deploy/serve.py` in a subprocess, and a tab's traffic.

A Tab does on the wire what a browser tab does: loads the page over HTTP keeping its
cookies (HAProxy's affinity cookie among them), opens the websocket with them, asks for
script runs, and clicks a deferred download (the server answers with a /media address,
fetched over HTTP with the same cookies). Each response's X-Monitor-Replica header says
which process answered (deploy/haproxy.cfg).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from etl.settings import ROOT

COOKIE = "MONITOR_REPLICA"
TIMEOUT = 120


def needs_haproxy():
    if shutil.which("haproxy") is None:
        pytest.fail("HAProxy is missing: `make test` installs it (apt-get install haproxy)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    url: str
    process: subprocess.Popen
    state_file: Path

    def state(self) -> dict:
        return json.loads(self.state_file.read_text(encoding="utf-8"))

    def replica(self, name: str) -> dict:
        return next(r for r in self.state()["replicas"] if r["name"] == name)


@contextmanager
def serve(db: Path, tmp_path: Path, replicas: int = 2):
    """`python deploy/serve.py` (what `make serve` runs) on a free port, until the test ends."""
    needs_haproxy()
    port = free_port()
    state = tmp_path / "serve-state.json"
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "deploy/serve.py", "--replicas", str(replicas), "--port", str(port)]
        + ["--host", "127.0.0.1", "--state", str(state)],
        cwd=ROOT,
        env={**os.environ, "MONITOR_DB": str(db), "PYTHONPATH": str(ROOT)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 240
        while not state.exists():
            assert process.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "deploy/serve.py did not start"
            time.sleep(0.2)
        yield Served(f"http://127.0.0.1:{port}", process, state)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@dataclass
class Run:
    ok: bool
    exceptions: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)


@dataclass
class Tab:
    url: str
    page: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    answered_by: list[str] = field(default_factory=list)  # X-Monitor-Replica, in order
    session_id: str = ""
    downloads: dict[str, str] = field(default_factory=dict)
    socket: object = None

    def open(self) -> httpx.Response:
        """Load the page as a browser does, then its websocket with the page's cookies."""
        page = httpx.get(f"{self.url}/{self.page}", cookies=self.cookies, timeout=TIMEOUT)
        self.cookies.update(page.cookies)
        self.answered_by.append(page.headers.get("x-monitor-replica", ""))
        if page.status_code != 200:
            return page
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.socket = connect(
            self.url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit"],
            origin=self.url,
            additional_headers={"Cookie": cookie},
            open_timeout=TIMEOUT,
            max_size=None,
        ).__enter__()  # closed in close(): the tab outlives one `with` block
        self.answered_by.append(self.socket.response.headers.get("x-monitor-replica", ""))
        return page

    def run(self, query: str = "") -> Run:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = self.page
        self.socket.send(msg.SerializeToString())
        run = Run(False)
        while True:
            fwd = self._receive()
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._read(fwd.delta.new_element, run)
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                    continue
                run.ok = (
                    fwd.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
                    and not run.exceptions
                )
                return run

    def download(self, key: str) -> httpx.Response:
        """Click a deferred download button, then fetch the file it names, as a browser does."""
        msg = BackMsg()
        request = msg.backend_operation_request
        request.request_id = f"test-{key}"
        request.session_id = self.session_id
        request.deferred_file.file_id = self.downloads[key]
        self.socket.send(msg.SerializeToString())
        while True:
            fwd = self._receive()
            if fwd.WhichOneof("type") == "backend_operation_response":
                assert not fwd.backend_operation_response.error_msg
                path = fwd.backend_operation_response.deferred_file.url
                break
        file = httpx.get(self.url + path, cookies=self.cookies, timeout=TIMEOUT)
        self.answered_by.append(file.headers.get("x-monitor-replica", ""))
        file.media_path = path
        return file

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()

    def _receive(self) -> ForwardMsg:
        fwd = ForwardMsg()
        fwd.ParseFromString(self.socket.recv(timeout=TIMEOUT))
        return fwd

    def _read(self, element, run: Run) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "metric":
            run.metrics[element.metric.label] = element.metric.body
        elif kind == "download_button" and element.download_button.deferred_file_id:
            button = element.download_button
            self.downloads[button.id.rsplit("-", 1)[-1]] = button.deferred_file_id
