"""python -m bench [--quick]: speed and memory figures, one per line as `name: value unit`.

Sections (each can be skipped with --skip):
  refresh       etl refresh on data/ and on synthetic data at each size, against DuckDB
  interactions  server-side time of a filter change (AppTest): real data and the largest size
  browser       headless Chromium: cold start to first chart, filter changes
  peer          the same filter question on Datasette (SQLite copy) and on our explorer
  load          20 and 50 simultaneous sessions changing filters; server memory (synthetic
                data; on the real data this is part of serving)
  serving       real data: 1 process and N behind HAProxy against Datasette under 20, 50
                and 100 light clients, swaps under replicas, memory over reruns, cold
                start to first chart against a minimal page (bench/serving.py)
  check         etl check (validation, duplicate search) at 20k and 100k cases: time, memory

Synthetic data is generated at run time into a temporary folder (never data/) and is
labelled SYNTHETIC in every record. --quick (make bench) runs everything small, in under
a minute: 10k cases, a few reruns, 5 sessions.

Examples:
  python -m bench --quick
  python -m bench --only serving                   # real data, under ten minutes
  python -m bench                                  # 10k, 100k, 1M cases; 20 and 50 sessions
  python -m bench --sizes 10k=10000 --skip browser,peer,load
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import figures, scale
from testkit import synthetic

SECTIONS = ("refresh", "interactions", "browser", "peer", "load", "serving", "check")
# The pages load sessions change filters on, half each (at every size).
LOAD_PAGES = ("overview", "explore")


@dataclass(frozen=True)
class Plan:
    sizes: dict[str, int]
    reruns: int
    browser_changes: int
    sessions: tuple[int, ...]
    session_changes: int
    stages: bool  # per-stage times of a second refresh
    served_synthetic: bool  # the dashboard sections on the largest size too (not only real)
    clients: tuple[int, ...]  # serving: light clients at once
    memory_reruns: int  # serving: reruns of every page for the memory figures
    cold_starts: int  # serving: cold starts of ours and of the minimal page


QUICK = Plan(
    {"10k": 10_000},
    reruns=4,
    browser_changes=3,
    sessions=(5,),
    session_changes=3,
    stages=False,
    served_synthetic=False,
    clients=(5,),
    memory_reruns=5,
    cold_starts=1,
)
FULL = Plan(
    dict(synthetic.SIZES),
    reruns=30,
    browser_changes=9,
    sessions=(20, 50),
    session_changes=10,
    stages=True,
    served_synthetic=True,
    clients=(20, 50, 100),
    memory_reruns=100,
    cold_starts=3,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small and fast (under a minute)")
    parser.add_argument("--sizes", help="label=cases,... (default: 10k,100k,1M; quick: 10k)")
    parser.add_argument(
        "--skip", default="", help=f"comma-separated sections: {','.join(SECTIONS)}"
    )
    parser.add_argument("--only", default="", help="comma-separated sections: run just these")
    parser.add_argument(
        "--keep", type=Path, help="work in this folder and keep it (else a temp dir)"
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    sizes = _sizes(args.sizes) if args.sizes else plan.sizes
    skip = {s for s in args.skip.split(",") if s}
    only = {s for s in args.only.split(",") if s}
    unknown = (skip | only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    if only:
        skip |= set(SECTIONS) - only

    figs = figures.Figures()
    for key, value in figures.machine().items():
        figs.add(f"machine.{key}", value)
    figs.note("synthetic data: generated at run time in a temporary folder, labelled SYNTHETIC")
    started = time.perf_counter()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(figs, plan, sizes, skip, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="monitor-bench-") as work:
            run(figs, plan, sizes, skip, Path(work))
    figs.add("bench.total", time.perf_counter() - started, "s")
    return 1 if figs.failures else 0


def run(
    figs: figures.Figures, plan: Plan, sizes: dict[str, int], skip: set[str], work: Path
) -> None:
    databases: dict[str, Path] = {}
    real = scale.real(figs, work)
    if real:
        databases["real"] = real
    if "refresh" not in skip:
        databases |= scale.run(figs, sizes, work, stages=plan.stages)
    elif sizes and any(s not in skip for s in ("interactions", "browser", "peer", "load")):
        # The dashboard sections still need the largest synthetic database.
        label, n = max(sizes.items(), key=lambda kv: kv[1])
        databases |= scale.run(figs, {label: n}, work, stages=False)
    # The dashboard is measured on the real data and on the largest synthetic database.
    targets = {k: v for k, v in databases.items() if k == "real"}
    synthetic_dbs = [k for k in databases if k != "real"]
    if synthetic_dbs:
        largest = max(synthetic_dbs, key=lambda k: sizes.get(k, 0))
        targets[largest] = databases[largest]

    if "check" not in skip:
        from bench import check_scale

        sizes_checked = check_scale.QUICK_SIZES if plan is QUICK else check_scale.SIZES
        check_scale.measure(figs, work, sizes_checked)

    if "serving" not in skip and "real" in databases:
        from bench import serving

        serving.measure(
            figs,
            databases["real"],
            work,
            plan.clients,
            plan.session_changes,
            plan.memory_reruns,
            plan.cold_starts,
        )
        # The real data's cold start and load figures were measured there.
        skip = skip | {"real:browser_cold_start", "real:load"}

    if "interactions" not in skip:
        from bench import interactions

        for label, db in targets.items():
            if label == "real" or plan.served_synthetic:
                interactions.measure(figs, db, label, plan.reruns)

    wanted = [s for s in ("browser", "peer", "load") if s not in skip]
    if not wanted:
        return
    from bench import browser

    why_not = browser.available()
    if why_not and ("browser" in wanted or "peer" in wanted):
        figs.note(f"browser and peer skipped: {why_not}")
        wanted = [s for s in wanted if s == "load"]
    for label, db in targets.items():
        if label == "real" or plan.served_synthetic:
            here = [s for s in wanted if f"{label}:load" not in skip or s != "load"]
            cold = f"{label}:browser_cold_start" not in skip
            _served(figs, plan, here, label, db, work, cold)


def _served(
    figs, plan: Plan, wanted: list[str], label: str, db: Path, work: Path, cold: bool = True
) -> None:
    """One dashboard process per database, started cold, shared by the browser sections.

    A section that fails is named in a note and the run goes on: one flaky browser step
    must not cost the figures of the sections after it.
    """
    from bench import browser, load, peer
    from testkit import server

    def load_section(app, real_browser: bool) -> None:
        load.measure(
            figs,
            app,
            label,
            plan.sessions,
            plan.session_changes,
            real_browser=real_browser,
            pages=LOAD_PAGES,
        )

    if "browser" in wanted or "peer" in wanted:
        with browser.chromium() as chromium:
            if "browser" in wanted and cold:
                _section(
                    figs,
                    f"browser cold start on {label}",
                    browser.cold_start,
                    figs,
                    chromium,
                    db,
                    label,
                )
            with server.dashboard(db) as app:
                if "browser" in wanted:
                    _section(
                        figs,
                        f"browser on {label}",
                        _period_changes,
                        figs,
                        chromium,
                        app,
                        label,
                        plan,
                    )
                if "peer" in wanted:
                    _section(
                        figs,
                        f"peer on {label}",
                        peer.compare,
                        figs,
                        chromium,
                        app.url,
                        db,
                        work,
                        label,
                        plan.browser_changes,
                    )
                if "load" in wanted:
                    _section(figs, f"load on {label}", load_section, app, "browser" in wanted)
    elif "load" in wanted:
        with server.dashboard(db) as app:
            _section(figs, f"load on {label}", load_section, app, False)
    if "load" in wanted:
        from bench import hostile

        with server.dashboard(db) as app:
            _section(
                figs,
                f"hostile on {label}",
                hostile.measure,
                figs,
                app,
                label,
                min(plan.sessions),
                plan.session_changes,
            )


def _period_changes(figs, chromium, app, label: str, plan: Plan) -> None:
    from bench import browser

    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        samples = browser.overview_period_changes(page, app.url, plan.browser_changes)
        figs.percentiles(f"browser.{label}.overview_period_change", samples)
    finally:
        page.close()


def _section(figs: figures.Figures, name: str, run_it, *args) -> None:
    try:
        run_it(*args)
    except Exception as exc:  # noqa: BLE001 - reported as a note; the other sections still run
        figs.failed(f"{name} failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")


def _sizes(text: str) -> dict[str, int]:
    out = {}
    for part in text.split(","):
        label, _, n = part.partition("=")
        out[label] = int(n) if n else synthetic.SIZES[label]
    return out


if __name__ == "__main__":
    sys.exit(main())
