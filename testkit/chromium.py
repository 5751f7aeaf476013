"""Debian's headless Chromium as the browser tests and the benchmark drive it (never a download)."""

from __future__ import annotations

import os

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
# The first chart of a page, drawn: what a test or a timing waits for.
CHART = '[data-testid="stPlotlyChart"] .main-svg'
