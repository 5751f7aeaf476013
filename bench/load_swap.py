"""Load under a live swap: N dashboard sessions apply filters while refreshes swap the database.

Sessions are light clients speaking Streamlit's own websocket protocol to one real server
(20 headless browsers would measure Chromium, not the app: /work/shared/RECIPES.md). Each
session reruns the app with changing filters (period, language, page) and times each
script run from request to `script_finished`. Meanwhile a refresh in a subprocess swaps
the published file back and forth between two synthetic datasets. At the end every session
reruns once more and must show the last published data, without a restart.

Errors counted (target 0): exceptions shown on the page, "database busy" warnings, runs
that do not finish, dropped connections. Optionally one real Chromium page (--browser) is
timed loading the overview during the swaps.

    python -m bench.load_swap --sessions 20 --rounds 12 --swaps 6 --port 8631
    python -m bench.load_swap --replicas 2     # behind HAProxy, as `make serve` runs
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import httpx  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

from dashboard.i18n import catalog  # noqa: E402
from testkit import server  # noqa: E402

BUSY = {catalog(lang)["serving.unavailable"] for lang in ("en", "ru")}
CASES_LABEL = {catalog("en")["overview.metric.cases"], catalog("ru")["overview.metric.cases"]}


@dataclass
class Run:
    seconds: float
    errors: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)
    widgets: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # label -> id, options


class Session:
    """One browser tab, as far as the server can tell: a websocket and its reruns."""

    def __init__(self, base: str, timeout: float = 120) -> None:
        host = base.split("://", 1)[1]
        self.timeout = timeout
        # The page first, as a tab loads it: behind the balancer its affinity cookie sends
        # the websocket to the process that served the page.
        page = httpx.get(base + "/", timeout=timeout)
        cookie = "; ".join(f"{k}={v}" for k, v in page.cookies.items())
        self.ws = connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=base,
            open_timeout=timeout,
            max_size=None,
            additional_headers={"Cookie": cookie} if cookie else None,
        ).__enter__()  # closed in close(); the session outlives one `with` block

    def rerun(self, query: dict[str, str], page: str = "", widgets: list | None = None) -> Run:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = urlencode(query)
        state.page_name = page
        state.widget_states.widgets.extend(widgets or [])
        started = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        run = Run(0.0)
        while True:
            try:
                raw = self.ws.recv(timeout=self.timeout)
            except TimeoutError:
                run.errors.append(f"no script_finished within {self.timeout} s")
                break
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                _read_element(fwd.delta.new_element, run)
            elif kind == "script_finished":
                if fwd.script_finished not in (
                    ForwardMsg.FINISHED_SUCCESSFULLY,
                    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                ):
                    run.errors.append(f"script finished with status {fwd.script_finished}")
                break
        run.seconds = time.perf_counter() - started
        return run

    def close(self) -> None:
        self.ws.close()


def _read_element(element, run: Run) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        run.errors.append(f"exception: {element.exception.type}: {element.exception.message}")
    elif kind == "alert" and element.alert.body in BUSY:
        run.errors.append("database busy warning")
    elif kind == "metric":
        run.metrics[element.metric.label] = element.metric.body
    elif kind == "button_group":
        group = element.button_group
        run.widgets[group.label] = (group.id, [o.content for o in group.options])


def choose(run: Run, label_options: int) -> list[WidgetState]:
    """Click the n-th option of the first button group (the overview's period control)."""
    if not run.widgets:
        return []
    widget_id, options = next(iter(run.widgets.values()))
    state = WidgetState(id=widget_id)
    state.string_array_value.data[:] = [options[label_options % len(options)]]
    return [state]


def session_worker(base: str, rounds: int, out: list[Run], stop: threading.Event) -> None:
    try:
        session = Session(base)
    except Exception as exc:  # noqa: BLE001 - a refused connection is a counted error
        out.append(Run(0.0, [f"connect: {type(exc).__name__}: {exc}"]))
        return
    try:
        last = session.rerun({"lang": "en"})
        out.append(last)
        for i in range(rounds):
            if stop.is_set():
                break
            lang = "ru" if i % 3 == 2 else "en"
            if i % 5 == 4:
                last = session.rerun({"lang": lang}, page="maintainer")
            else:
                last = session.rerun({"lang": lang}, widgets=choose(last, i))
            out.append(last)
    except Exception as exc:  # noqa: BLE001
        out.append(Run(0.0, [f"connection: {type(exc).__name__}: {exc}"]))
    finally:
        session.close()


def swapper(datasets: list[Path], db: Path, swaps: int, pause: float, log: list) -> None:
    for i in range(swaps):
        time.sleep(pause)
        data = datasets[(i + 1) % len(datasets)]
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "etl", "refresh", "--data", str(data), "--db", str(db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        log.append((data.name, done.returncode, time.perf_counter() - started))


def browser_timing(base: str, loads: int, out: list[float]) -> None:
    """One real Chromium page, loading the overview until its first chart is drawn."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from browser_support import CHART, CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for _ in range(loads):
            started = time.perf_counter()
            page.goto(base)
            page.wait_for_selector(CHART, timeout=120_000)
            out.append(time.perf_counter() - started)
        browser.close()


@dataclass
class Report:
    sessions: int
    runs: list[Run]
    swaps: list[tuple[str, int, float]]
    final_ok: int
    expected_cases: str
    browser: list[float]

    @property
    def errors(self) -> list[str]:
        failed_swaps = [f"refresh to {d} exited {rc}" for d, rc, _ in self.swaps if rc != 0]
        return [e for r in self.runs for e in r.errors] + failed_swaps

    def p(self, q: float) -> float:
        times = sorted(r.seconds for r in self.runs if r.seconds)
        return times[min(len(times) - 1, int(q * len(times)))] if times else float("nan")

    def lines(self) -> list[str]:
        times = [r.seconds for r in self.runs if r.seconds]
        out = [
            f"sessions: {self.sessions}, script runs: {len(self.runs)}, "
            f"swaps: {len(self.swaps)} (refresh {statistics.median([s for *_, s in self.swaps] or [0]):.2f} s median)",
            f"errors: {len(self.errors)}",
            f"latency per run (request to script_finished): p50 {self.p(0.5):.3f} s, "
            f"p95 {self.p(0.95):.3f} s, max {max(times or [0]):.3f} s",
            f"after the last swap: {self.final_ok}/{self.sessions} sessions show "
            f"{self.expected_cases} cases without a restart",
        ]
        if self.browser:
            out.append(
                "one Chromium page, load to first chart: "
                + ", ".join(f"{s:.2f}" for s in self.browser)
                + " s"
            )
        out += [f"  error: {e}" for e in sorted(set(self.errors))[:10]]
        return out


def measure(
    sessions: int = 20,
    rounds: int = 12,
    swaps: int = 6,
    port: int | None = None,
    size: int = 400,
    pause: float = 1.0,
    browser_loads: int = 0,
    workdir: Path | None = None,
    replicas: int = 0,
) -> Report:
    """replicas > 0: that many processes behind HAProxy (deploy/serve.py), else one."""
    from monitor_fixtures import write_large_dataset

    from etl import refresh

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp_path = Path(tmp)
        datasets = [
            write_large_dataset(tmp_path / "a", size),
            write_large_dataset(tmp_path / "b", size + size // 2, " Edited."),
        ]
        db = tmp_path / "published" / "monitor.duckdb"
        assert refresh.run(datasets[0], db).ok
        serving = (
            server.replicas(db, replicas, port=port)
            if replicas
            else server.dashboard(db, timeout=60, port=port)
        )
        with serving as app:
            base = app.url
            runs: list[Run] = []
            swap_log: list = []
            timings: list[float] = []
            stop = threading.Event()
            threads = [
                threading.Thread(target=session_worker, args=(base, rounds, runs, stop))
                for _ in range(sessions)
            ]
            threads.append(
                threading.Thread(target=swapper, args=(datasets, db, swaps, pause, swap_log))
            )
            if browser_loads:
                threads.append(
                    threading.Thread(target=browser_timing, args=(base, browser_loads, timings))
                )
            for th in threads:
                th.start()
            for th in threads:
                th.join(600)
            stop.set()
            final_data = datasets[swaps % len(datasets)]
            expected = f"{size if final_data is datasets[0] else size + size // 2:,}"
            finals: list[Run] = []
            for _ in range(sessions):
                s = Session(base)
                finals.append(s.rerun({"lang": "en"}))
                s.close()
            final_ok = sum(1 for r in finals if not r.errors and expected in r.metrics.values())
            runs += finals
        return Report(sessions, runs, swap_log, final_ok, expected, timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=12, help="reruns per session")
    parser.add_argument("--swaps", type=int, default=6, help="refreshes during the load")
    parser.add_argument("--size", type=int, default=400, help="cases in the first dataset")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between refreshes")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--browser", type=int, default=0, help="page loads in one Chromium")
    parser.add_argument(
        "--replicas", type=int, default=0, help="processes behind HAProxy (0: one, no balancer)"
    )
    args = parser.parse_args(argv)
    report = measure(
        args.sessions,
        args.rounds,
        args.swaps,
        args.port,
        args.size,
        args.pause,
        args.browser,
        replicas=args.replicas,
    )
    for line in report.lines():
        print(line)
    return 0 if not report.errors and report.final_ok == report.sessions else 1


if __name__ == "__main__":
    raise SystemExit(main())
