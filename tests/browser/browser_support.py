"""Start the dashboard on a free port and drive it with Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from pathlib import Path

from testkit import server
from testkit.chromium import CHART, CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
# The browser and the page's first chart, as the benchmark finds them: one definition.
__all__ = ["CHART", "CHROMIUM", "CHROMIUM_ARGS", "ROOT", "free_port", "running_app"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(db: Path, timeout: float = 60):
    """The dashboard on a port the OS hands out (tests may run beside a benchmark)."""
    with server.dashboard(db, timeout, port=free_port()) as app:
        yield app.url
