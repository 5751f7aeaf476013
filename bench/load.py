"""Many readers at once: 20, 50 or 100 sessions changing filters on the dashboard.

Sessions are light websocket clients (bench/wsclient.py); one real Chromium page changes
the overview's period at the same time, for the end-to-end figure under load. Reported:
p50/p95 of a filter change as the server answers it (request sent -> run finished), p95
of a first page load (the page over HTTP, its websocket, the first run), errors (a failed run, an exception on the page, a timeout or a dropped connection), and
the server's resident memory (every process, behind the balancer) (peak while the sessions ran, and after).
"""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
from websockets.exceptions import WebSocketException

from bench import browser
from bench.figures import Figures
from bench.wsclient import Session
from testkit.server import MemoryWatch, Server

# What each session does: the overview's period control, or the explorer's URL (a shared
# link with other filters is the same rerun as ticking them).
OVERVIEW_LABELS = ("Quarter", "Year")
EXPLORE_QUERIES = (
    "type=cases&country=KGZ",
    "type=cases&country=UZB",
    "type=incidents&country=TJK",
    "type=cases",
)


async def _one(
    url: str, index: int, changes: int, timeout: float, pages: tuple[str, ...]
) -> tuple[list, list, int]:
    explore = pages[index % len(pages)] == "explore"
    session = Session(url, page="explore" if explore else "", timeout=timeout)
    loads, samples, errors = [], [], 0
    try:
        # A first page load as a reader waits for it: the page, its websocket, the first run.
        started = time.perf_counter()
        await session.open()
        first = await session.run(EXPLORE_QUERIES[-1] if explore else "")
        loads.append((time.perf_counter() - started) * 1000)
        errors += not first.ok
        for i in range(changes):
            if explore:
                run = await session.run(EXPLORE_QUERIES[(index + i) % len(EXPLORE_QUERIES)])
            else:
                run = await session.run(period=OVERVIEW_LABELS[i % 2])
            samples.append(run.seconds * 1000)
            errors += not run.ok
    except (OSError, TimeoutError, KeyError, httpx.HTTPError, WebSocketException) as exc:
        errors += 1 + max(0, changes - len(samples))
        print(f"# session {index}: {type(exc).__name__}: {str(exc)[:120]}", flush=True)
    finally:
        await session.close()
    return loads, samples, errors


async def _many(
    url: str, n: int, changes: int, timeout: float, pages: tuple[str, ...], alongside=None
):
    honest = asyncio.gather(*(_one(url, i, changes, timeout, pages) for i in range(n)))
    if alongside is None:
        return await honest
    # A hook (bench/hostile.py): other clients run at the same time; only the n sessions'
    # figures are reported here.
    results, _ = await asyncio.gather(honest, alongside(url))
    return results


def measure(
    figs: Figures,
    app: Server,
    label: str,
    sessions: tuple[int, ...],
    changes: int,
    real_browser: bool = False,
    timeout: float = 300,
    pages: tuple[str, ...] = ("overview", "explore"),
    alongside=None,
) -> None:
    """For each number of sessions: latency of filter changes, errors, server memory.

    Sessions take the pages in turn (half overview, half explorer by default). alongside:
    an async function of the app's URL run at the same time as the sessions (a hook).
    """
    figs.note(f"load on {label}: sessions on {', '.join(pages)}; {changes} changes each")
    figs.add(f"load.{label}.server_rss_idle", app.rss_mb(), "MB")
    for n in sessions:
        real: list[float] = []
        stop = threading.Event()
        # Playwright's sync API needs its own thread; the sessions run on asyncio here.
        watcher = (
            threading.Thread(target=_browser_loop, args=(app.url, real, stop))
            if real_browser
            else None
        )
        with MemoryWatch(app) as memory:
            if watcher:
                watcher.start()
            started = time.perf_counter()
            results = _in_own_loop(_many(app.url, n, changes, timeout, pages, alongside))
            elapsed = time.perf_counter() - started
            stop.set()
            if watcher:
                watcher.join()
        loads = [x for r in results for x in r[0]]
        samples = [x for r in results for x in r[1]]
        errors = sum(r[2] for r in results)
        figs.percentiles(f"load.{label}.{n}_sessions.filter_change", samples)
        figs.percentiles(f"load.{label}.{n}_sessions.page_load", loads)
        figs.add(f"load.{label}.{n}_sessions.errors", errors, f"of {n * (changes + 1)} runs")
        figs.add(f"load.{label}.{n}_sessions.throughput", len(samples) / elapsed, "changes/s")
        figs.add(f"load.{label}.{n}_sessions.server_rss_peak", memory.peak_mb, "MB")
        figs.add(f"load.{label}.{n}_sessions.server_rss_after", app.rss_mb(), "MB")
        if real_browser:
            figs.percentiles(f"load.{label}.{n}_sessions.browser_period_change", real)


def _in_own_loop(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API may hold this thread's loop."""
    out: list = []
    worker = threading.Thread(target=lambda: out.append(asyncio.run(coroutine)))
    worker.start()
    worker.join()
    if not out:
        raise RuntimeError("the sessions' event loop failed")
    return out[0]


def _browser_loop(url: str, samples: list[float], stop: threading.Event) -> None:
    """One real reader changing the overview's period until the sessions are done."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        own = p.chromium.launch(
            executable_path=browser.CHROMIUM, headless=True, args=browser.CHROMIUM_ARGS
        )
        page = own.new_page(viewport={"width": 1400, "height": 1000})
        try:
            while not stop.is_set():
                samples += browser.overview_period_changes(page, url, 2)
        except Exception as exc:  # a page that times out under load is a figure, not a crash
            print(f"# browser under load: {type(exc).__name__}: {str(exc)[:160]}", flush=True)
        finally:
            own.close()
