"""Refresh at scale: `etl refresh` on synthetic data of 10k, 100k and 1M cases, against DuckDB.

Each command runs in its own process so that its wall time includes start-up and its
peak memory (ru_maxrss from wait4) is its own. The yardstick is DuckDB loading the same
CSV files with its own read_csv into a database file, in the same run: a refresh does
that much work (read, write) plus validation, transformation, diff and release.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.figures import Figures
from etl.settings import ROOT
from testkit import synthetic

# DuckDB on its own: every file into a table with read_csv's own type detection.
DUCKDB_LOAD = """
import sys, duckdb
from pathlib import Path
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
for path in sorted(Path(sys.argv[1]).glob("*.csv")):
    # Table names come from our own file names (sources, cases, ...), never from input.
    con.execute(f'CREATE TABLE "{path.stem}" AS SELECT * FROM read_csv(?)', [str(path)])
con.close()
"""

# A refresh with the time of each stage, for the report on what grows fastest.
STAGED_REFRESH = """
import json, sys
from pathlib import Path
from etl import refresh
stages = {}
result = refresh.run(
    Path(sys.argv[1]), Path(sys.argv[2]), progress=lambda stage, detail, s: stages.update({stage: s})
)
print(json.dumps({"outcome": result.outcome, "stages": stages}))
"""


@dataclass
class Child:
    wall_s: float
    peak_rss_mb: float
    returncode: int
    stdout: str


def child(args: list[str], cwd: Path = ROOT) -> Child:
    """Run a command; wall time, and peak resident memory of that process alone."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    with open(os.devnull, "w") as null:
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=null)
        out = proc.stdout.read().decode() if proc.stdout else ""
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Child(wall, usage.ru_maxrss / 1024, proc.returncode, out)


def run(figs: Figures, sizes: dict[str, int], work: Path, stages: bool = True) -> dict[str, Path]:
    """Generate, refresh and compare at each size; return the published database per size."""
    databases: dict[str, Path] = {}
    for label, n_cases in sizes.items():
        data = work / f"data-{label}"
        started = time.perf_counter()
        counts = synthetic.write(data, n_cases)
        figs.add(f"synthetic.{label}.generate", time.perf_counter() - started, "s")
        figs.add(f"synthetic.{label}.rows", counts.rows, "rows (all files)")
        size = sum(p.stat().st_size for p in data.glob("*.csv"))
        figs.add(f"synthetic.{label}.csv", size / 2**20, "MB")

        db = work / f"db-{label}" / "monitor.duckdb"
        first = child(
            [sys.executable, "-m", "etl", "refresh", "--data", str(data), "--db", str(db)]
        )
        if first.returncode != 0:
            figs.note(f"refresh at {label} failed (exit {first.returncode}): {first.stdout[-500:]}")
            continue
        databases[label] = db
        figs.add(f"refresh.{label}.wall", first.wall_s, "s")
        figs.add(f"refresh.{label}.peak_rss", first.peak_rss_mb, "MB")

        baseline = child([sys.executable, "-c", DUCKDB_LOAD, str(data), str(work / f"{label}.raw")])
        figs.add(f"duckdb_read_csv.{label}.wall", baseline.wall_s, "s")
        figs.add(f"duckdb_read_csv.{label}.peak_rss", baseline.peak_rss_mb, "MB")
        figs.ratio(
            f"refresh.{label}.wall_vs_duckdb",
            f"refresh.{label}.wall",
            f"duckdb_read_csv.{label}.wall",
        )
        (work / f"{label}.raw").unlink(missing_ok=True)

        if stages:
            # Second refresh of the same files: diffs against the published database.
            again = child([sys.executable, "-c", STAGED_REFRESH, str(data), str(db)])
            if again.returncode == 0 and again.stdout.strip():
                report = json.loads(again.stdout.strip().splitlines()[-1])
                figs.add(f"refresh.{label}.again.wall", again.wall_s, "s")
                figs.add(f"refresh.{label}.again.peak_rss", again.peak_rss_mb, "MB")
                for stage, seconds in report["stages"].items():
                    figs.add(f"refresh.{label}.again.stage.{stage}", seconds, "s")
    return databases


def real(figs: Figures, work: Path) -> Path | None:
    """The published database of the real curated data (data/), built into the work folder."""
    db = work / "db-real" / "monitor.duckdb"
    built = child(
        [sys.executable, "-m", "etl", "refresh", "--data", str(ROOT / "data"), "--db", str(db)]
    )
    if built.returncode != 0:
        figs.note(f"refresh of data/ failed: {built.stdout[-500:]}")
        return None
    figs.add("refresh.real.wall", built.wall_s, "s")
    figs.add("refresh.real.peak_rss", built.peak_rss_mb, "MB")
    return db
