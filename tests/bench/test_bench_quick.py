"""The benchmark's own parts work at a tiny size: valid synthetic data, figures as `name: value unit`.

Nothing here is timed (speed lives in bench/, not in tests).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from bench import __main__ as bench_main
from bench import figures
from etl import extract, validate
from etl.problems import errors
from etl.settings import ROOT
from testkit import synthetic

FIGURE_LINE = re.compile(r"^[A-Za-z0-9_.\-]+: \S+( \S.*)?$")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    counts = synthetic.write(folder, 300, today=dt.date(2026, 11, 25))
    return folder, counts


def test_synthetic_data_passes_the_contract(tiny):
    folder, counts = tiny
    raw = extract.run(folder)
    problems = raw.problems + validate.run(raw.frames, today=dt.date(2026, 11, 25))
    assert errors(problems) == []
    assert len(raw.frames["cases.csv"]) == counts.cases == 300
    assert len(raw.frames["incidents.csv"]) == counts.incidents


def test_synthetic_data_says_it_is_synthetic_everywhere(tiny):
    folder, _ = tiny
    sources = pd.read_csv(folder / "sources.csv", dtype=str)
    assert (sources["publisher"] == synthetic.PUBLISHER).all()
    assert sources["url"].str.match(r"https://[a-z0-9]+\.example\.(org|com|net)/").all()
    for name in ("cases.csv", "incidents.csv", "claims.csv", "laws.csv", "case_stages.csv"):
        summaries = pd.read_csv(folder / name, dtype=str)["summary"]
        assert summaries.str.startswith(synthetic.LABEL).all(), name


def test_synthetic_data_has_the_real_shapes(tiny):
    folder, _ = tiny
    cases = pd.read_csv(folder / "cases.csv", dtype=str, keep_default_na=False)
    shares = cases["country_iso3"].value_counts(normalize=True)
    assert shares.index[0] == "UZB"
    assert set(cases["verdict_date"].str.len()) >= {0, 4, 7, 10}  # undated, year, month, day
    no_term = cases["sentence_type"].isin(["pending", "acquitted", "fine"])
    assert (cases.loc[no_term, "sentence_months"] == "").all()
    assert cases["source_ids"].str.contains(";").any()


def test_the_same_seed_gives_the_same_files(tmp_path):
    a = synthetic.write(tmp_path / "a", 50, seed=7, today=dt.date(2026, 1, 1))
    b = synthetic.write(tmp_path / "b", 50, seed=7, today=dt.date(2026, 1, 1))
    assert a == b
    for name in ("cases.csv", "sources.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_figures_print_name_value_unit_and_ratios():
    out = io.StringIO()
    figs = figures.Figures(out=out)
    figs.add("refresh.10k.wall", 2.5, "s")
    figs.add("duckdb_read_csv.10k.wall", 1.25, "s")
    figs.ratio("refresh.10k.wall_vs_duckdb", "refresh.10k.wall", "duckdb_read_csv.10k.wall")
    figs.ratio("missing.ratio", "refresh.10k.wall", "not.measured")
    figs.percentiles("interaction.x", [10.0, 20.0, 30.0, 40.0])
    lines = out.getvalue().splitlines()
    assert lines[:3] == [
        "refresh.10k.wall: 2.5 s",
        "duckdb_read_csv.10k.wall: 1.25 s",
        "refresh.10k.wall_vs_duckdb: 2 x",
    ]
    assert "interaction.x.p50: 25 ms" in lines
    assert "interaction.x.p95: 38.5 ms" in lines
    assert all(FIGURE_LINE.match(line) for line in lines)


def test_percentiles_interpolate_like_numpy():
    assert figures.percentile([1, 2, 3, 4, 5], 50) == 3
    assert figures.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert figures.percentile([7], 95) == 7


def test_a_tiny_run_prints_only_figures_and_notes(capsys):
    bench_main.main(["--sizes", "tiny=200", "--skip", "interactions,browser,peer,load"])
    lines = capsys.readouterr().out.splitlines()
    assert all(FIGURE_LINE.match(line) or line.startswith("# ") for line in lines), lines
    names = {line.split(":")[0] for line in lines}
    assert {
        "machine.cores",
        "refresh.real.wall",
        "refresh.tiny.wall",
        "refresh.tiny.peak_rss",
        "duckdb_read_csv.tiny.wall",
        "refresh.tiny.wall_vs_duckdb",
        "bench.total",
    } <= names


def test_the_light_client_changes_a_widget_on_a_real_server(real_db):
    from bench.wsclient import Session
    from testkit import server

    async def session(url):
        tab = Session(url)
        await tab.open()
        try:
            first = await tab.run()
            change = await tab.run(period="Quarter")
            return first, change, tab.options("period")
        finally:
            await tab.close()

    with server.dashboard(real_db) as app:
        first, change, options = asyncio.run(session(app.url))
    assert first.ok and change.ok
    assert options == ["Year", "Quarter"]
    # The period chart is a fragment (issue 11): its change reruns and sends that part only.
    assert 0 < change.elements < first.elements


def test_the_quick_run_measures_every_section_as_ci_runs_it():
    """`python -m bench --quick` (make bench) end to end: every section prints its figures.

    Only what was measured is checked (names, units, zero errors, the same answer as the
    peer), never how fast: speed targets live in the benchmark's output, not in tests.
    """
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        # A guard against a hung server, not a speed limit: the quick run starts a dozen
        # servers (each warms its pages), which on a shared 2-core machine took 15 min.
        timeout=2400,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert all(FIGURE_LINE.match(line) or line.startswith("# ") for line in lines), lines
    values = dict(line.split(": ", 1) for line in lines if not line.startswith("# "))
    for name in (
        "refresh.10k.wall_vs_duckdb",
        "interaction.overview.period.real.warm.p95",
        "interaction.explore.country.real.cold.p95",
        "browser.real.cold_start_to_chart",
        "browser.real.overview_period_change.p95",
        "peer.real.dashboard_vs_datasette.p50",
        "load.real.5_sessions.filter_change.p95",
        "load.real.5_sessions.server_rss_peak",
        "load.real.5_sessions.throughput",
        "load.real.replicas.5_sessions.throughput",
        "load.real.replicas.5_sessions.page_load.p95",
        "load.peer.datasette.5_clients.throughput",
        "load.peer.datasette.5_clients.p95",
        "load.real.replicas.5_sessions.throughput_vs_datasette",
        "browser.minimal_app.first_chart",
        "browser.real.first_chart_vs_minimal",
        "memory.real.gc_off.5_reruns.server_rss_after",
    ):
        assert name in values, f"{name} missing from the quick run"
    assert values["peer.real.same_answer"] == "yes"
    for counted in (
        "load.real.5_sessions.errors",
        "load.real.replicas.5_sessions.errors",
        "load.peer.datasette.5_clients.errors",
        "load.swap.replicas.errors",
        "memory.real.gc_off.5_reruns.failed_runs",
    ):
        assert values[counted].startswith("0 of "), (counted, values[counted])


def test_a_section_that_fails_is_a_note_and_fails_the_run(capsys):
    figs = figures.Figures()

    def broken():
        raise TimeoutError("the page never answered\nsecond line")

    bench_main._section(figs, "peer on real", broken)
    bench_main._section(figs, "load on real", lambda: figs.add("load.ok", 1, "x"))
    out = capsys.readouterr().out.splitlines()
    assert out == ["# peer on real failed: TimeoutError: the page never answered", "load.ok: 1 x"]
    assert figs.failures == ["peer on real failed: TimeoutError: the page never answered"]
