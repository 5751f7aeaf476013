"""A refresh killed with SIGKILL at any point leaves the published database whole and readable,
and the next refresh succeeds (issue: crash-safe refresh)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from monitor_fixtures import write_dataset, write_large_dataset

from etl import refresh
from etl.settings import ROOT

# Where to kill: after the line a stage prints when it ends (plus an extra pause), or at once.
KILL_POINTS = [
    ("at once", None, 0.0),
    ("while extracting", "refresh ", 0.05),
    ("after extract", "  extract ", 0.0),
    ("after validate", "  validate ", 0.0),
    ("after transform", "  transform ", 0.0),
    ("while building", "  diff ", 0.0),
    ("late in the build", "  diff ", 0.15),
]


def snapshot(db: Path) -> dict[str, object]:
    """Row counts of every table and the data version: what a reader of the file sees."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
        counts = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables
            if not t.startswith("etl_")
        }
        (version,) = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    return {"counts": counts, "version": version}


def start_refresh(data: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "etl", "refresh", "--data", str(data), "--db", str(db)],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def kill_at(proc: subprocess.Popen, marker: str | None, pause: float) -> str:
    seen = ""
    if marker is not None:
        for line in proc.stdout:
            seen += line
            if line.startswith(marker):
                break
        else:
            pytest.fail(f"the refresh ended before printing {marker!r}:\n{seen}")
    time.sleep(pause)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    return seen


@pytest.fixture(scope="module")
def large_data(tmp_path_factory) -> Path:
    return write_large_dataset(tmp_path_factory.mktemp("large"), 8000)


def test_a_killed_refresh_leaves_the_old_database_and_the_next_refresh_succeeds(
    large_data, tmp_path
):
    db = tmp_path / "published" / "monitor.duckdb"
    assert refresh.run(write_dataset(tmp_path / "small"), db).ok
    old = snapshot(db)
    for name, marker, pause in KILL_POINTS:
        proc = start_refresh(large_data, db)
        kill_at(proc, marker, pause)
        assert proc.returncode == -signal.SIGKILL, f"{name}: the refresh finished before the kill"
        assert snapshot(db) == old, f"killed {name}: the published database changed"
    proc = start_refresh(large_data, db)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    new = snapshot(db)
    assert new["counts"]["cases"] == 8000 and new["counts"]["sources"] == 12000
    assert [p.name for p in db.parent.iterdir() if ".build-" in p.name] == []


def test_a_kill_around_the_swap_leaves_either_the_old_or_the_new_file_never_a_mix(
    large_data, tmp_path
):
    db = tmp_path / "monitor.duckdb"
    assert refresh.run(write_dataset(tmp_path / "small"), db).ok
    old = snapshot(db)
    proc = start_refresh(large_data, db)
    kill_at(proc, "  build ", 0.0)
    after = snapshot(db)
    assert after == old or after["counts"]["cases"] == 8000
    assert refresh.run(large_data, db).ok
