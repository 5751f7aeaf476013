"""Server memory over many reruns: RSS idle, peak and after R reruns of every page.

Streamlit's full garbage collection after every script run is off (.streamlit/config.toml,
runner.postScriptGC: it held the GIL most of the time under load). This shows what that
costs in memory: one session per page, all at once, each rerunning its page R times with
alternating filters and languages, then closed; the server's resident memory is read
before (idle), sampled throughout (peak) and read after the sessions have gone. `--gc`
runs the same with Streamlit's collection on, for the comparison in one run.

    python -m bench.memory --reruns 1000 [--gc]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bench import scale
from bench.figures import Figures
from bench.wsclient import Session
from testkit import server
from testkit.server import MemoryWatch

# Every page, and the queries a reader might change between reruns.
PAGES = {
    "overview": ("", "lang=ru"),
    "explore": ("type=cases&country=KGZ", "type=incidents", "type=cases&lang=ru"),
    "trends": ("", "lang=ru"),
    "map": ("", "lang=ru"),
    "country": ("country=UZB", "country=KGZ", "country=KAZ&lang=ru"),
    "awareness": ("", "lang=ru"),
    "methodology": ("", "lang=ru"),
    "maintainer": ("",),
}


async def _rerun_page(url: str, page: str, reruns: int) -> int:
    session = Session(url, page=page, timeout=300)
    failures = 0
    await session.open()
    try:
        queries = PAGES[page]
        for i in range(reruns):
            failures += not (await session.run(queries[i % len(queries)])).ok
    finally:
        await session.close()
    return failures


async def _every_page(url: str, reruns: int) -> list[int]:
    return await asyncio.gather(*(_rerun_page(url, page, reruns) for page in PAGES))


def measure(figs: Figures, db: Path, reruns: int, gc: bool = False, label: str = "real") -> None:
    extra = ["--runner.postScriptGC", "true"] if gc else []
    with server.dashboard(db, extra_args=extra) as app:
        measure_on(figs, app, reruns, gc, label)


def measure_on(figs: Figures, app, reruns: int, gc: bool = False, label: str = "real") -> None:
    """The figures on a running server, started with (gc) or without Streamlit's collection."""
    name = f"memory.{label}.{'gc_on' if gc else 'gc_off'}.{reruns}_reruns"
    figs.add(f"{name}.server_rss_idle", app.rss_mb(), "MB")
    with MemoryWatch(app) as memory:
        started = time.perf_counter()
        failures = asyncio.run(_every_page(app.url, reruns))
        elapsed = time.perf_counter() - started
    time.sleep(2)  # the sessions' last messages and their close are handled
    figs.add(f"{name}.server_rss_peak", memory.peak_mb, "MB")
    figs.add(f"{name}.server_rss_after", app.rss_mb(), "MB")
    figs.add(f"{name}.reruns_per_s", reruns * len(PAGES) / elapsed, "reruns/s")
    figs.add(f"{name}.failed_runs", sum(failures), f"of {reruns * len(PAGES)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("--reruns", type=int, default=1000, help="reruns of every page")
    parser.add_argument("--gc", action="store_true", help="also with Streamlit's GC on")
    args = parser.parse_args(argv)
    figs = Figures()
    with tempfile.TemporaryDirectory(prefix="monitor-memory-") as work:
        db = scale.real(figs, Path(work))
        if db is None:
            return 1
        measure(figs, db, args.reruns)
        if args.gc:
            measure(figs, db, args.reruns, gc=True)
    return 1 if figs.failures else 0


if __name__ == "__main__":
    sys.exit(main())
