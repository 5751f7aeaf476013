"""The dashboard's connection: read-only, locked down, and never stale or noisy across a swap."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from dashboard import db


def make_db(path: Path, value: int) -> Path:
    tmp = path.with_name(f"{path.name}.new")
    tmp.unlink(missing_ok=True)
    with duckdb.connect(str(tmp)) as con:
        con.execute("CREATE TABLE t AS SELECT $v AS v", {"v": value})
    os.replace(tmp, path)  # the same atomic swap etl/publish.py does
    return path


@pytest.fixture
def published(tmp_path, monkeypatch) -> Path:
    path = make_db(tmp_path / "m.duckdb", 1)
    monkeypatch.setenv("MONITOR_DB", str(path))
    return path


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM 'https://example.org/x.csv'",
        "COPY t TO '/tmp/monitor-leak.csv'",
        "ATTACH '/tmp/other.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET enable_external_access",
        "CREATE TABLE x AS SELECT 1",
        "INSERT INTO t VALUES (2)",
        "DROP TABLE t",
    ],
)
def test_the_dashboard_connection_refuses_anything_but_reading_the_database(published, sql):
    with pytest.raises(duckdb.Error):
        db.query(sql)
    assert db.query("SELECT v FROM t")["v"].tolist() == [1]
    assert not Path("/tmp/monitor-leak.csv").exists()


def test_values_are_bound_as_parameters_not_spliced_into_sql(published):
    hostile = "1; DROP TABLE t; --"
    assert db.query("SELECT count(*) AS n FROM t WHERE v::VARCHAR = $x", {"x": hostile})[
        "n"
    ].tolist() == [0]
    assert db.query("SELECT v FROM t")["v"].tolist() == [1]


def test_a_query_after_a_swap_reads_the_new_file_even_while_another_session_holds_the_old(
    published,
):
    """DuckDB shares one instance per path in a process: without the gate in db.py, the
    second session would read the old file and cache old data under the new version."""
    holding, release = threading.Event(), threading.Event()

    def old_session():
        with db.connect() as con:
            assert con.execute("SELECT v FROM t").fetchone() == (1,)
            holding.set()
            release.wait(10)

    first = threading.Thread(target=old_session)
    first.start()
    assert holding.wait(10)
    make_db(published, 2)
    seen: list[int] = []
    second = threading.Thread(target=lambda: seen.extend(db.query("SELECT v FROM t")["v"]))
    second.start()
    second.join(0.3)
    assert second.is_alive(), "a newer file must wait until the old file's queries close"
    release.set()
    first.join(10)
    second.join(10)
    assert seen == [2]


def test_many_threads_querying_through_many_swaps_see_no_error_and_only_whole_files(published):
    errors: list[BaseException] = []
    seen: set[int] = set()
    stop = threading.Event()

    def session():
        while not stop.is_set():
            try:
                seen.update(db.query("SELECT v FROM t")["v"])
            except BaseException as exc:  # noqa: BLE001 - any error is a failure here
                errors.append(exc)

    threads = [threading.Thread(target=session) for _ in range(8)]
    for th in threads:
        th.start()
    for value in range(2, 30):
        make_db(published, value)
        time.sleep(0.01)
    stop.set()
    for th in threads:
        th.join(30)
    assert errors == []
    assert seen <= set(range(1, 30)) and len(seen) > 1
    assert db.query("SELECT v FROM t")["v"].tolist() == [29]


def test_a_write_lock_held_by_another_program_becomes_unavailable_not_a_duckdb_error(published):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
            "sys.stdin.read()",
            str(published),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(db.Unavailable):
            db.query("SELECT v FROM t")
    finally:
        holder.communicate("", timeout=30)
    assert db.query("SELECT v FROM t")["v"].tolist() == [1]


def test_a_missing_database_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_DB", str(tmp_path / "none.duckdb"))
    assert db.version() == "missing"
    with pytest.raises(db.NoDatabase):
        db.query("SELECT 1")


def test_queries_share_one_open_file_until_a_swap_replaces_it(published, monkeypatch):
    opened: list[str] = []
    real_connect = duckdb.connect

    def counting_connect(path, *args, **kwargs):
        if kwargs.get("read_only"):  # make_db writes through duckdb.connect too
            opened.append(str(path))
        return real_connect(path, *args, **kwargs)

    db.close()
    monkeypatch.setattr(db.duckdb, "connect", counting_connect)
    for _ in range(5):
        assert db.query("SELECT v FROM t")["v"].tolist() == [1]
    assert opened == [str(published)]
    make_db(published, 2)
    assert db.query("SELECT v FROM t")["v"].tolist() == [2]
    assert db.query("SELECT v FROM t")["v"].tolist() == [2]
    assert opened == [str(published)] * 2


def test_a_failed_query_leaves_the_shared_connection_usable(published):
    with pytest.raises(duckdb.Error):
        db.query("SELECT no_such_column FROM t")
    assert db.query("SELECT v FROM t")["v"].tolist() == [1]
