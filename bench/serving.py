"""Serving the whole audience: one process, N processes behind HAProxy, and Datasette, under load.

`python -m bench --only serving` on the real data, all in one run so the figures compare:

- the dashboard in one process, then N processes behind the balancer (deploy/serve.py, as
  `make serve` starts them; N = this machine's cores), each under 20, 50 and 100 light
  clients (bench/wsclient.py: a page load over HTTP, then its websocket with the affinity
  cookie) changing filters: throughput, p50/p95 of a filter change, p95 of a first page
  load, errors, server memory (every process together);
- Datasette on a SQLite copy of the cases, each client loading the table page with facet
  counts and then filtering it by country, as the explorer's sessions do;
- 0 errors while refreshes swap the published file under sessions spread over the
  replicas (bench/load_swap.py);
- the dashboard's memory after many reruns of every page, idle -> peak -> after
  (bench/memory.py), with the settings `make run` and `make serve` use;
- cold start to first chart against a minimal one-chart Streamlit + Plotly page that this
  module writes to a temporary folder and serves itself (bench/browser.py).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path

import httpx

from bench import browser, load, load_swap, memory, peer
from bench.figures import Figures
from testkit import server
from testkit.server import MemoryWatch

# The Datasette page equivalent to the explorer's: the cases table with its facet counts,
# first unfiltered, then filtered by one country (what the explorer's sessions ask).
FACETS = ("country_iso3", "sentence_type", "verification", "armed_group")
COUNTRIES = ("KGZ", "UZB", "TJK", "KAZ")


def measure(
    figs: Figures,
    db: Path,
    work: Path,
    sessions: tuple[int, ...],
    changes: int,
    reruns: int,
    cold_starts: int,
) -> None:
    replicas = os.cpu_count() or 1
    figs.note(f"serving: light clients {sessions}, {changes} filter changes each")
    _section(figs, "first chart against a minimal page", first_chart, figs, db, work, cold_starts)
    _section(figs, "swap under replicas", swap_under_replicas, figs, replicas, work, sessions)
    with server.dashboard(db) as app:
        # Memory over reruns of every page first, then the load, on the same process.
        _section(figs, "memory over reruns", memory.measure_on, figs, app, reruns)
        load.measure(figs, app, "real", sessions, changes)
    with server.replicas(db, replicas) as front:
        figs.add("load.real.replicas.processes", replicas, "processes")
        load.measure(figs, front, "real.replicas", sessions, changes)
    lite = peer.sqlite_copy(db, _folder(work) / "monitor.sqlite")
    with server.datasette(lite) as datasette:
        datasette_load(figs, datasette, sessions, changes)
    for n in sessions:
        figs.ratio(
            f"load.real.replicas.{n}_sessions.throughput_vs_datasette",
            f"load.real.replicas.{n}_sessions.throughput",
            f"load.peer.datasette.{n}_clients.throughput",
        )
        figs.ratio(
            f"load.real.replicas.{n}_sessions.filter_change_p95_vs_datasette",
            f"load.real.replicas.{n}_sessions.filter_change.p95",
            f"load.peer.datasette.{n}_clients.p95",
        )


def first_chart(figs: Figures, db: Path, work: Path, times: int) -> None:
    """Cold start to first chart, ours and the minimal page's, alternately (medians)."""
    why_not = browser.available()
    if why_not:
        figs.note(f"first chart skipped: {why_not}")
        return
    script = str(browser.minimal_app(work))
    ours, minimal = [], []
    with browser.chromium() as chromium:
        for _ in range(times):
            minimal.append(browser.cold_start_seconds(chromium, None, script))
            ours.append(browser.cold_start_seconds(chromium, db))
    for label, runs in (("minimal_app", minimal), ("real", ours)):
        start = statistics.median(s for s, _ in runs)
        chart = statistics.median(c for _, c in runs)
        figs.add(f"browser.{label}.server_start", start, "s")
        figs.add(f"browser.{label}.first_chart", chart, "s")
        figs.add(f"browser.{label}.cold_start_to_chart", start + chart, "s")
    figs.add("browser.cold_starts", times, "of each, alternating; medians")
    figs.ratio(
        "browser.real.first_chart_vs_minimal",
        "browser.real.first_chart",
        "browser.minimal_app.first_chart",
    )
    figs.ratio(
        "browser.real.cold_start_to_chart_vs_minimal",
        "browser.real.cold_start_to_chart",
        "browser.minimal_app.cold_start_to_chart",
    )


def swap_under_replicas(figs: Figures, replicas: int, work: Path, sessions: tuple) -> None:
    """Sessions over every replica while refreshes swap the file: errors, last data seen
    (20 sessions and 3 swaps; quick: as many sessions as the quick load, 2 swaps)."""
    quick = max(sessions) < 20
    report = load_swap.measure(
        sessions=max(sessions) if quick else 20,
        rounds=3 if quick else 6,
        swaps=2 if quick else 3,
        pause=0.5,
        replicas=replicas,
        workdir=_folder(work),
    )
    figs.add("load.swap.replicas.errors", len(report.errors), f"of {len(report.runs)} runs")
    figs.add("load.swap.replicas.swaps", len(report.swaps), "refreshes")
    figs.add(
        "load.swap.replicas.sessions_on_last_data",
        report.final_ok,
        f"of {report.sessions} (without a restart)",
    )
    for error in sorted(set(report.errors))[:5]:
        figs.note(f"swap under replicas: {error}")


def _section(figs: Figures, name: str, run_it, *args) -> None:
    try:
        run_it(*args)
    except Exception as exc:  # noqa: BLE001 - a note and a failed run; the rest still runs
        figs.failed(
            f"serving: {name} failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        )


def datasette_load(figs: Figures, app: server.Server, sessions: tuple[int, ...], changes: int):
    """n clients at once, each: the table page with facets, then `changes` country filters."""
    figs.add("load.peer.datasette.server_rss_idle", app.rss_mb(), "MB")
    for n in sessions:
        with MemoryWatch(app) as memory:
            started = time.perf_counter()
            results = asyncio.run(_datasette_many(app.url, n, changes))
            elapsed = time.perf_counter() - started
        loads = [x for r in results for x in r[0]]
        samples = [x for r in results for x in r[1]]
        errors = sum(r[2] for r in results)
        name = f"load.peer.datasette.{n}_clients"
        figs.percentiles(name, samples)
        figs.percentiles(f"{name}.page_load", loads)
        figs.add(f"{name}.errors", errors, f"of {n * (changes + 1)} requests")
        figs.add(f"{name}.throughput", len(samples) / elapsed, "requests/s")
        figs.add(f"{name}.server_rss_peak", memory.peak_mb, "MB")
        figs.add(f"{name}.server_rss_after", app.rss_mb(), "MB")


def table_url(base: str, country: str | None) -> str:
    query = "&".join(f"_facet={f}" for f in FACETS) + "&_size=50"
    if country:
        query += f"&country_iso3={country}"
    return f"{base}/monitor/cases?{query}"


async def _datasette_many(url: str, n: int, changes: int):
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(timeout=300, limits=limits) as http:
        return await asyncio.gather(*(_datasette_one(http, url, i, changes) for i in range(n)))


async def _datasette_one(http: httpx.AsyncClient, url: str, index: int, changes: int):
    loads, samples, errors = [], [], 0
    for i in range(changes + 1):
        country = None if i == 0 else COUNTRIES[(index + i) % len(COUNTRIES)]
        started = time.perf_counter()
        try:
            response = await http.get(table_url(url, country))
            ok = response.status_code == 200 and b"rows-and-columns" in response.content
        except httpx.HTTPError:
            ok = False
        (loads if i == 0 else samples).append((time.perf_counter() - started) * 1000)
        errors += not ok
    return loads, samples, errors


def _folder(work: Path) -> Path:
    folder = work / "serving"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
