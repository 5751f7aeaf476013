"""One hostile reader among honest ones: does one session's address slow everyone else?

Issue #16: four 500 KB explorer links made another reader's explorer page take 92 s instead
of 0.3 s (a quadratic de-duplication of ids=), and one 24 KB link drew 8,000 warnings. The
honest sessions of bench/load.py run twice on the explorer, alone and with one hostile
client sending HOSTILE_RUNS such links at the same time; the ratio of their p95 says what
the hostile one costs them (near 1: bounded).
"""

from __future__ import annotations

import time

from bench import load
from bench.figures import Figures
from bench.wsclient import Session
from testkit.server import Server

# 500 KB of ids (a Markdown link repeated, so each part is also a bad value with a note).
HOSTILE_QUERY = "ids=" + "%5Bx%5D(https://evil.example)," * 18_000
HOSTILE_RUNS = 4


def hostile_client(timings: list[float], timeout: float = 300):
    """An `alongside` hook for bench/load.py: one session sending the hostile link."""

    async def run(url: str) -> None:
        session = Session(url, page="explore", timeout=timeout)
        try:
            await session.open()
            for _ in range(HOSTILE_RUNS):
                started = time.perf_counter()
                await session.run(HOSTILE_QUERY)
                timings.append((time.perf_counter() - started) * 1000)
        finally:
            await session.close()

    return run


def measure(figs: Figures, app: Server, label: str, sessions: int, changes: int) -> None:
    figs.note(
        f"hostile on {label}: {sessions} explorer sessions, alone and beside one client "
        f"sending {HOSTILE_RUNS} links of {len(HOSTILE_QUERY) // 1024} KB"
    )
    honest, beside = f"{label}.honest", f"{label}.beside_hostile"
    load.measure(figs, app, honest, (sessions,), changes, pages=("explore",))
    timings: list[float] = []
    load.measure(
        figs,
        app,
        beside,
        (sessions,),
        changes,
        pages=("explore",),
        alongside=hostile_client(timings),
    )
    figs.percentiles(f"hostile.{label}.hostile_run", timings)
    key = f"{sessions}_sessions.filter_change.p95"
    figs.ratio(f"hostile.{label}.p95_slowdown", f"load.{beside}.{key}", f"load.{honest}.{key}")
