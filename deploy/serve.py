"""`make serve`: N dashboard processes behind HAProxy on one port, until interrupted.

One Streamlit process runs every session's page script on one interpreter (one GIL), so
readers beyond a handful wait for each other; N processes on N cores do N times the work.
HAProxy (deploy/haproxy.cfg) keeps each reader on one process with a cookie, checks every
process's /_stcore/health and takes a dead one out; this script restarts a process that
died, and HAProxy brings it back once it answers. Every process opens the published
database read-only and notices a refresh's swap by itself (dashboard/db.py): nothing here
restarts on a refresh.

    python deploy/serve.py --replicas 2 --port 8501 [--db build/monitor.duckdb]
    REPLICAS=2 PORT=8501 make serve

--state FILE writes the front address and each process's name, port and pid as JSON (the
tests use it to kill one process).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
HEALTH = "/_stcore/health"
READY = "/_monitor/ready"  # dashboard/asgi.py: every page has run once


@dataclass
class Replica:
    name: str  # also the value of HAProxy's affinity cookie
    port: int
    process: subprocess.Popen | None = None
    restarts: int = 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--port", type=int, default=8501, help="the address readers open")
    parser.add_argument("--host", default="0.0.0.0", help="where HAProxy listens")
    parser.add_argument("--db", type=Path, help="published DuckDB file (default: MONITOR_DB)")
    parser.add_argument("--state", type=Path, help="write addresses and pids here (JSON)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for start")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        print("HAProxy is missing: run 'sudo apt-get install -y haproxy' (or make serve as root).")
        return 1

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if args.db:
        env["MONITOR_DB"] = str(args.db.resolve())
    replicas = [Replica(f"app{i + 1}", _free_port()) for i in range(args.replicas)]
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with tempfile.TemporaryDirectory(prefix="monitor-serve-") as work:
        servers = Path(work) / "servers.cfg"
        servers.write_text(servers_cfg(replicas), encoding="utf-8")
        balancer = None
        try:
            for replica in replicas:
                _start(replica, env)
            _wait_healthy(replicas, args.timeout)
            balancer = subprocess.Popen(
                [haproxy, "-db", "-f", str(HAPROXY_CFG), "-f", str(servers)],
                env={**env, "MONITOR_BIND": f"{args.host}:{args.port}"},
            )
            front = f"http://{'127.0.0.1' if args.host == '0.0.0.0' else args.host}:{args.port}"
            _wait_url(front + HEALTH, balancer, args.timeout)
            if args.state:
                _write_state(args.state, front, replicas, balancer)
            print(f"serving on {front} ({len(replicas)} dashboard processes behind HAProxy)")
            sys.stdout.flush()
            while not stopping:
                if balancer.poll() is not None:
                    print(f"HAProxy exited with {balancer.returncode}; stopping.")
                    return 1
                for replica in replicas:
                    if replica.process.poll() is not None and not stopping:
                        print(
                            f"{replica.name} exited with {replica.process.returncode}; "
                            "restarting it (HAProxy sends its readers elsewhere meanwhile)"
                        )
                        replica.restarts += 1
                        _start(replica, env)
                        if args.state:
                            _write_state(args.state, front, replicas, balancer)
                time.sleep(0.3)
            return 0
        finally:
            for proc in [balancer] + [r.process for r in replicas]:
                if proc is not None and proc.poll() is None:
                    proc.terminate()
            for proc in [balancer] + [r.process for r in replicas]:
                if proc is not None:
                    try:
                        proc.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        proc.kill()


def servers_cfg(replicas: list[Replica]) -> str:
    """The `backend dashboard` section for local processes (the rest is deploy/haproxy.cfg)."""
    lines = ["backend dashboard"]
    lines += [f"    server {r.name} 127.0.0.1:{r.port} check cookie {r.name}" for r in replicas]
    return "\n".join(lines) + "\n"


def _start(replica: Replica, env: dict[str, str]) -> None:
    replica.process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/asgi.py",
            "--server.port",
            str(replica.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _wait_healthy(replicas: list[Replica], timeout: float) -> None:
    for replica in replicas:
        _wait_url(f"http://127.0.0.1:{replica.port}{READY}", replica.process, timeout)


def _wait_url(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited with {process.returncode} ({url})")
        if time.monotonic() > deadline:
            raise SystemExit(f"no answer from {url} within {timeout:.0f} s")
        time.sleep(0.1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_state(path: Path, front: str, replicas: list[Replica], balancer) -> None:
    state = {
        "url": front,
        "haproxy_pid": balancer.pid,
        "replicas": [
            {"name": r.name, "port": r.port, "pid": r.process.pid, "restarts": r.restarts}
            for r in replicas
        ],
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
