"""Start the dashboard on a free port and drive it with Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import socket
from contextlib import contextmanager
from pathlib import Path

from bench import server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHART = '[data-testid="stPlotlyChart"] .main-svg'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(db: Path, timeout: float = 60):
    """The dashboard on a port the OS hands out (tests may run beside a benchmark)."""
    with server.dashboard(db, timeout, port=free_port()) as app:
        yield app.url
