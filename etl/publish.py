"""Stage 4 - write the tables into a new DuckDB file, check it, and swap it in atomically.

Readers never see a half-built database: the new file is built beside the published one,
checkpointed and closed, then os.replace()d over it (atomic on one filesystem). A failure
or a kill at any point leaves the published file as it was; stale temporary files are
removed by the next refresh, which holds a lock so two refreshes never interleave.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from etl import derived
from etl.settings import READ_ONLY_CONFIG


class PublishError(RuntimeError):
    pass


@contextmanager
def refresh_lock(db: Path) -> Iterator[None]:
    db.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db.with_name(f".{db.name}.lock")
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise PublishError(f"another refresh is running (lock {lock_path})") from exc
        yield


def remove_stale_builds(db: Path) -> None:
    for stale in db.parent.glob(f".{db.name}.build-*"):
        stale.unlink(missing_ok=True)


def build(
    db: Path,
    tables: dict[str, pd.DataFrame],
    meta: dict[str, str],
    runs: pd.DataFrame,
    changes: pd.DataFrame | None = None,
    stage_done: Callable[[str, str], None] | None = None,
) -> Path:
    """Write every table to a fresh file next to db and return its path (not yet published).

    Besides the data: the derived tables (etl/derived.py), `meta` (version, build time),
    `etl_runs` (every refresh so far) and `etl_changes` (this run's diff, one row per added,
    removed or changed record). stage_done(stage, detail) is called as "write" and
    "derive" end, so the refresh shows them as stages of their own.
    """
    stage_done = stage_done or (lambda stage, detail: None)
    tmp = db.with_name(f".{db.name}.build-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        write_tables(con, tables)
        stage_done("write", f"{len(tables)} tables into {tmp.name}")
        built = derived.build(con)
        stage_done("derive", f"{len(built)} tables, {sum(built.values()):,} rows, contracts met")
        write_table(con, "meta", pd.DataFrame(sorted(meta.items()), columns=["key", "value"]))
        write_table(con, "etl_runs", runs)
        if changes is not None:
            write_table(con, "etl_changes", changes)
        check(con, tables)
        con.execute("CHECKPOINT")
    except derived.ContractError as exc:
        con.close()
        tmp.unlink(missing_ok=True)
        raise PublishError(str(exc)) from exc
    except Exception:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    return tmp


def write_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    """Write the tables side by side: DuckDB fills one table per thread (a cursor each)."""

    def write_one(name: str) -> None:
        cursor = con.cursor()
        try:
            write_table(cursor, name, tables[name])
        finally:
            cursor.close()

    largest_first = sorted(tables, key=lambda name: (-len(tables[name]), name))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(write_one, largest_first))


def write_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register("frame_in", frame)
    # Partial dates arrive as naive datetimes and are published as DATE; run times are
    # time-zone aware and keep their time (TIMESTAMPTZ).
    casts = ", ".join(
        f'CAST("{c}" AS DATE) AS "{c}"'
        if pd.api.types.is_datetime64_dtype(frame[c])
        and not isinstance(frame[c].dtype, pd.DatetimeTZDtype)
        else f'"{c}"'
        for c in frame.columns
    )
    con.execute(f'CREATE TABLE "{name}" AS SELECT {casts} FROM frame_in')
    con.unregister("frame_in")


def check(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    """The built file must hold exactly what we meant to write, and every link must resolve."""
    for name, frame in tables.items():
        (count,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        if count != len(frame):
            raise PublishError(f"table {name}: wrote {len(frame)} rows, database holds {count}")
    for link, parent, key in (
        ("case_sources", "cases", "case_id"),
        ("incident_sources", "incidents", "incident_id"),
        ("claim_sources", "claims", "claim_id"),
        ("law_sources", "laws", "law_id"),
    ):
        (orphans,) = con.execute(
            f'SELECT count(*) FROM "{link}" l LEFT JOIN sources s USING (source_id) '
            f'LEFT JOIN "{parent}" p USING ("{key}") WHERE s.source_id IS NULL OR p."{key}" IS NULL'
        ).fetchone()
        if orphans:
            raise PublishError(f"{link}: {orphans} links point to a missing record or source")
    # Defence in depth behind validate.py: the dashboard renders these as links.
    (unsafe,) = con.execute(
        "SELECT count(*) FROM sources WHERE NOT regexp_matches(url, '^https?://[^\\s]+$', 'i')"
    ).fetchone()
    if unsafe:
        raise PublishError(f"sources: {unsafe} links are not plain http(s) addresses")


def swap(tmp: Path, db: Path) -> None:
    os.replace(tmp, db)
    # Make the rename itself durable, so a power cut cannot resurrect the old file.
    fd = os.open(db.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def append_run_log(log: Path, run: dict) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(run, sort_keys=True, default=str) + "\n"
    with open(log, "a+b") as handle:
        # A run killed mid-write leaves a line without its newline: end it, or the next
        # record would be glued to the broken one and lost with it.
        if handle.seek(0, os.SEEK_END):
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                line = "\n" + line
        handle.write(line.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


RUN_COLUMNS = [
    "run_id",
    "started_at",
    "finished_at",
    "outcome",
    "data_version",
    "input_checksums",
    "row_counts",
    "rejected",
    "errors",
    "warnings",
    "changes",
    "message",
]
COUNT_COLUMNS = ("rejected", "errors", "warnings")


def read_run_log(log: Path) -> list[dict]:
    rows = []
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a run killed mid-write leaves a partial line; skip it
            if isinstance(row, dict):
                rows.append(row)
    return rows


def merged_runs(db: Path, log: Path, current: dict) -> list[dict]:
    """Every run so far: the published table, the log beside it and this run, once each.

    The published etl_runs keeps a run whose log line was lost (a kill between the swap
    and the append); the log keeps the failed runs, which never reach a database.
    """
    by_id: dict[str, dict] = {}
    for row in [*published_runs(db), *read_run_log(log), current]:
        if row.get("run_id"):
            by_id[str(row["run_id"])] = row
    return sorted(by_id.values(), key=lambda r: (str(r.get("started_at")), str(r["run_id"])))


def published_runs(db: Path) -> list[dict]:
    if not db.exists():
        return []
    try:
        with duckdb.connect(str(db), read_only=True, config=READ_ONLY_CONFIG) as con:
            frame = con.execute("SELECT * FROM etl_runs").df()
    except duckdb.Error:
        return []  # no run table yet, or an unreadable file: the log still has the runs
    frame = frame.astype(object).where(frame.notna(), None)
    for c in ("started_at", "finished_at"):
        frame[c] = frame[c].map(lambda v: pd.Timestamp(v).isoformat() if v is not None else None)
    return frame.to_dict("records")


def runs_frame(rows: list[dict]) -> pd.DataFrame:
    """The etl_runs table: one row per refresh, JSON fields kept as JSON text."""
    columns = RUN_COLUMNS
    frame = pd.DataFrame(rows).reindex(columns=columns)
    for c in ("input_checksums", "row_counts", "changes"):
        frame[c] = frame[c].map(
            lambda v: v if v is None or isinstance(v, str) else json.dumps(v, sort_keys=True)
        )
    frame["started_at"] = pd.to_datetime(frame["started_at"], utc=True, format="ISO8601")
    frame["finished_at"] = pd.to_datetime(frame["finished_at"], utc=True, format="ISO8601")
    counts = {c: "Int64" for c in COUNT_COLUMNS}
    text = {c: "string" for c in columns if c not in ("started_at", "finished_at", *counts)}
    return frame.astype(text).astype(counts)
