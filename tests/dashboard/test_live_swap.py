"""The dashboard keeps serving while a refresh swaps the database, shows the new data after the
swap without a restart, and never shows a lock error to a user."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from monitor_fixtures import case, incident, write_dataset
from streamlit.testing.v1 import AppTest

from etl import refresh
from etl.settings import ROOT

APP = str(ROOT / "dashboard" / "app.py")


def cli_refresh(data: Path, db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "etl", "refresh", "--data", str(data), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def cases_metric(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Court cases"]


def test_an_open_session_shows_the_new_data_after_a_swap_without_a_restart(tmp_path, monkeypatch):
    db = tmp_path / "m.duckdb"
    assert refresh.run(write_dataset(tmp_path / "a"), db).ok
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert cases_metric(at) == "3"
    bigger = write_dataset(
        tmp_path / "b", cases=[case(i) for i in range(1, 8)], incidents=[incident(20)]
    )
    cli_refresh(bigger, db)  # another process, as in production
    at.run()
    assert not at.exception, at.exception
    assert cases_metric(at) == "7"


def test_a_lock_held_by_another_program_shows_a_message_not_a_traceback(tmp_path, monkeypatch):
    db = tmp_path / "m.duckdb"
    assert refresh.run(write_dataset(tmp_path / "a"), db).ok
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
            "sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    monkeypatch.setenv("MONITOR_DB", str(db))
    try:
        assert holder.stdout.readline().strip() == "locked"
        at = AppTest.from_file(APP, default_timeout=60).run()
    finally:
        holder.communicate("", timeout=30)
    assert not at.exception, at.exception
    assert "busy or being replaced" in at.warning[0].value
    assert "lock" not in " ".join(w.value for w in at.warning).lower()
    at.run()
    assert cases_metric(at) == "3"
