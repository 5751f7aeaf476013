"""The one way the dashboard reads data: a shared, read-only, locked-down DuckDB connection.

One connection per published file is opened on first use and shared by every session (each
query gets its own cursor): opening the file costs ~27 ms, which on the real data is 25 times
the query itself, and a page asks several. A refresh swaps in a new file (etl/publish.py); the
next query sees the new identity, waits for the old file's queries to finish, closes it and
opens the new one, so no stale file is read after a swap. External access is off and the
configuration locked, so no query can read local files or URLs (see ../shared/RECIPES.md).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from etl.settings import READ_ONLY_CONFIG, db_path

LOCKED_DOWN = READ_ONLY_CONFIG
RETRIES = 3


class NoDatabase(RuntimeError):
    """The published database is missing: run `python -m etl refresh`."""


class Unavailable(RuntimeError):
    """The database could not be opened (another program holds a write lock on it)."""


def path() -> Path:
    return db_path()


def version() -> str:
    """Identity of the published file; changes on every swap, so it keys the query cache."""
    try:
        st = os.stat(path())
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


class _OneFileAtATime:
    """The open connection to one file identity; a newer file waits for the old one's queries.

    Why the wait: DuckDB keeps one database instance per path inside a process, and a new
    connection joins that instance while any connection to it is open. After a swap, a session
    opening the path while the old file is still open would read the OLD data and cache it
    under the NEW version key (checked on duckdb 2.0.1). So the old connection is closed, once
    its last query has finished, before the new file is opened; the wait is one query long.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._identity: tuple[str, str] | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._active = 0

    @contextmanager
    def cursor(self, file: Path, identity: str) -> Iterator[duckdb.DuckDBPyConnection]:
        key = (str(file), identity)
        with self._cond:
            while self._active and key != self._identity:
                self._cond.wait()
            if key != self._identity or self._con is None:
                self._close()
                # Opened under the lock: a failed open (a writer's lock) leaves nothing behind.
                self._con = duckdb.connect(str(file), read_only=True, config=LOCKED_DOWN)
                self._identity = key
            self._active += 1
            con = self._con
        try:
            # A cursor per query: connections are not safe to share between threads.
            cur = con.cursor()
            try:
                yield cur
            finally:
                cur.close()
        finally:
            with self._cond:
                self._active -= 1
                if not self._active:
                    self._cond.notify_all()

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
        self._con, self._identity = None, None

    def close(self) -> None:
        """Close the shared connection once no query uses it (tests, benchmarks)."""
        with self._cond:
            while self._active:
                self._cond.wait()
            self._close()


_gate = _OneFileAtATime()


@contextmanager
def connect() -> Iterator[duckdb.DuckDBPyConnection]:
    p = path()
    identity = version()
    if identity == "missing":
        raise NoDatabase(f"no database at {p}: run `make run` or `python -m etl refresh`")
    with _gate.cursor(p, identity) as con:
        yield con


def close() -> None:
    """Let go of the published file (the next query opens it again)."""
    _gate.close()


def query(sql: str, params: list | dict | None = None) -> pd.DataFrame:
    """Run one parameterised SELECT. A swap or a lock racing the open is retried, never shown
    to a user as a traceback: after the retries it becomes Unavailable, which app.py words."""
    for attempt in range(RETRIES):
        try:
            with connect() as con:
                return con.execute(sql, params or []).df()
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if attempt == RETRIES - 1:
                raise Unavailable(str(exc)) from exc
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
