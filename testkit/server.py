"""Servers the benchmark and the browser tests start and stop: the dashboard and Datasette.

The one place that knows how to start `streamlit run dashboard/asgi.py` (the served
app.py, warmed before it says ready) for a machine to drive (bench/, bench/load_swap.py, tests/browser/). Ports come from the benchmark's own
range (BENCH_PORTS, default 8640-8649) so that a run never collides with a developer's
`make run` on 8501; callers with their own port pass it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from etl.settings import ROOT

FIRST, LAST = (int(p) for p in os.environ.get("BENCH_PORTS", "8640-8649").split("-"))


def free_port() -> int:
    for port in range(FIRST, LAST + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {FIRST}-{LAST} (set BENCH_PORTS=a-b)")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    started_s: float  # from spawn to answering its health check

    def rss_mb(self) -> float:
        return _status_kb(self.process.pid, "VmRSS") / 1024

    def peak_rss_mb(self) -> float:
        """The high-water mark of resident memory since the process started."""
        return _status_kb(self.process.pid, "VmHWM") / 1024


@dataclass
class Replicas:
    """`deploy/serve.py`: N dashboard processes behind HAProxy, as `make serve` starts them."""

    url: str
    process: subprocess.Popen  # deploy/serve.py itself
    state_file: Path
    started_s: float

    def state(self) -> dict:
        return json.loads(self.state_file.read_text(encoding="utf-8"))

    def pids(self) -> list[int]:
        state = self.state()
        return [r["pid"] for r in state["replicas"]] + [state["haproxy_pid"]]

    def rss_mb(self) -> float:
        """Resident memory of every dashboard process and the balancer, together."""
        total = 0
        for pid in self.pids():
            try:
                total += _status_kb(pid, "VmRSS")
            except OSError:  # a process restarting
                continue
        return total / 1024


@dataclass
class MemoryWatch:
    """Samples a server's resident memory in the background; keeps the maximum."""

    server: Server
    every_s: float = 0.2
    peak_mb: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> MemoryWatch:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak_mb = max(self.peak_mb, self.server.rss_mb())
            except OSError:
                return
            self._stop.wait(self.every_s)


@contextmanager
def dashboard(
    db: Path | None,
    timeout: float = 120,
    port: int | None = None,
    extra_args: list[str] | None = None,
    script: str = "dashboard/asgi.py",
):
    """`streamlit run dashboard/asgi.py` (or another script) on a free port of ours (or
    `port`), reading db; extra_args are more `--section.option value` pairs. Started means
    ready: the dashboard answers /_monitor/ready once it has run every page (warmed), any
    other script /_stcore/health."""
    port = port or free_port()
    args = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *(extra_args or []),
    ]
    ready = "/_monitor/ready" if script == "dashboard/asgi.py" else "/_stcore/health"
    with _serving(args, f"http://127.0.0.1:{port}", ready, db, timeout) as server:
        yield server


@contextmanager
def replicas(db: Path, n: int, timeout: float = 180, port: int | None = None):
    """deploy/serve.py with n processes on a free port of ours (or `port`), reading db."""
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="monitor-replicas-") as work:
        state = Path(work) / "state.json"
        args = [
            sys.executable,
            str(ROOT / "deploy" / "serve.py"),
            "--replicas",
            str(n),
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--state",
            str(state),
            "--timeout",
            str(timeout),
        ]
        url = f"http://127.0.0.1:{port}"
        with _serving(args, url, "/_stcore/health", db, timeout) as front:
            deadline = time.perf_counter() + timeout
            while not state.exists() and time.perf_counter() < deadline:
                time.sleep(0.05)
            yield Replicas(url, front.process, state, front.started_s)


@contextmanager
def datasette(sqlite: Path, timeout: float = 60):
    """Datasette serving a SQLite file read-only (immutable), on a free port of ours."""
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(sqlite),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "30000",
    ]
    with _serving(args, f"http://127.0.0.1:{port}", "/-/versions.json", None, timeout) as server:
        yield server


@contextmanager
def _serving(args: list[str], url: str, health: str, db: Path | None, timeout: float):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if db is not None:
        env["MONITOR_DB"] = str(db)
    started = time.perf_counter()
    # A file, not a pipe: a server that logs a lot would block on a full pipe.
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, after the process
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = started + timeout
        while True:
            try:
                with urllib.request.urlopen(url + health, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.perf_counter() > deadline:
                    log.seek(0)
                    err = log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"{args[1:3]} did not start: {err}") from None
                time.sleep(0.1)
        yield Server(url, proc, time.perf_counter() - started)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _status_kb(pid: int, field_name: str) -> int:
    with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return 0
