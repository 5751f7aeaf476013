"""Stage 4 - write the tables into a new DuckDB file, check it, and swap it in atomically.

Readers never see a half-built database: the new file is built beside the published one,
checkpointed and closed, then os.replace()d over it (atomic on one filesystem). A failure
or a kill at any point leaves the published file as it was; stale temporary files are
removed by the next refresh, which holds a lock so two refreshes never interleave.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import stat
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from etl import derived
from etl.settings import READ_ONLY_CONFIG, without_paths


class PublishError(RuntimeError):
    pass


# The first bytes of every DuckDB file: 8 bytes of checksum, then the magic "DUCK".
DUCKDB_MAGIC = (8, b"DUCK")
# Opened without following a symbolic link: a link planted at one of our paths must not make
# a refresh truncate or append to its target (issue #16).
NO_FOLLOW = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def check_target(db: Path, data_dir: Path) -> None:
    """Refuse a --db that is not ours to overwrite: inside data/, or an existing non-DuckDB file."""
    try:
        inside = db.resolve().is_relative_to(data_dir.resolve())
    except OSError:
        inside = False
    if inside:
        raise PublishError(
            f"the database path {db.name} is inside the data folder {data_dir.name}/: "
            "choose a path outside it (e.g. build/monitor.duckdb)"
        )
    if os.path.lexists(db):
        if db.is_dir():
            raise PublishError(f"the database path {db.name} is a directory")
        if not is_duckdb_file(db):
            raise PublishError(
                f"{db.name} exists and is not a DuckDB database: refusing to overwrite it "
                "(move it away or choose another --db)"
            )


def is_duckdb_file(path: Path) -> bool:
    offset, magic = DUCKDB_MAGIC
    try:
        with open(path, "rb") as handle:
            head = handle.read(offset + len(magic))
    except OSError:
        return False
    return head[offset:] == magic


@contextmanager
def refresh_lock(db: Path) -> Iterator[None]:
    db.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db.with_name(f".{db.name}.lock")
    try:
        # No O_TRUNC: the lock file's content never matters, and a planted file keeps its own.
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | NO_FOLLOW, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PublishError(
                f"the lock file {lock_path.name} is a symbolic link: remove it"
            ) from exc
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise PublishError(f"the lock file {lock_path.name} is not a plain file: remove it")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise PublishError(f"another refresh is running (lock {lock_path.name})") from exc
        yield
    finally:
        os.close(fd)


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
    fd = os.open(log, os.O_RDWR | os.O_CREAT | os.O_APPEND | NO_FOLLOW, 0o644)
    with os.fdopen(fd, "a+b") as handle:
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


def read_run_log(log: Path, skipped: list[int] | None = None) -> list[dict]:
    """The well-formed run records of the log; the number of every other line goes to `skipped`.

    A line cut short by a kill, or edited by hand into the wrong types, is skipped and
    reported, never a crash: one bad line must not stop every later refresh (issue #16).
    """
    rows = []
    if not log.exists():
        return rows
    try:
        text = log.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return rows
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            row = None
        if isinstance(row, dict) and well_typed(row):
            rows.append(row)
        elif skipped is not None:
            skipped.append(number)
    return rows


def well_typed(row: dict) -> bool:
    """A run record whose fields have the types etl_runs stores (others become a skipped line)."""
    if not isinstance(row.get("run_id"), str) or not row["run_id"]:
        return False
    for key in ("started_at", "finished_at"):
        try:
            dt.datetime.fromisoformat(row[key])
        except (KeyError, TypeError, ValueError):
            return False
    for key in COUNT_COLUMNS:
        value = row.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return False
    for key in ("input_checksums", "row_counts", "changes"):
        if not isinstance(row.get(key), dict | str | None):
            return False
    changes = row.get("changes")
    if isinstance(changes, dict) and not all(
        isinstance(v, dict) and all(isinstance(n, int) for n in v.values())
        for v in changes.values()
    ):
        return False
    return all(
        isinstance(row.get(key), str | None) for key in ("outcome", "data_version", "message")
    )


def merged_runs(db: Path, log: Path | list[dict], current: dict) -> list[dict]:
    """Every run so far: the published table, the log beside it and this run, once each.

    The published etl_runs keeps a run whose log line was lost (a kill between the swap
    and the append); the log keeps the failed runs, which never reach a database.
    """
    by_id: dict[str, dict] = {}
    logged = log if isinstance(log, list) else read_run_log(log)
    for row in [*published_runs(db), *logged, current]:
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
    # Runs logged before issue #16 named the server's folders; what is published does not.
    frame["message"] = frame["message"].map(lambda m: without_paths(m) if isinstance(m, str) else m)
    frame["started_at"] = pd.to_datetime(frame["started_at"], utc=True, format="ISO8601")
    frame["finished_at"] = pd.to_datetime(frame["finished_at"], utc=True, format="ISO8601")
    counts = {c: "Int64" for c in COUNT_COLUMNS}
    text = {c: "string" for c in columns if c not in ("started_at", "finished_at", *counts)}
    return frame.astype(text).astype(counts)
