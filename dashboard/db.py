"""The one way the dashboard reads data: short-lived, read-only, locked-down DuckDB connections.

A connection is opened per query and closed at once. That costs a few milliseconds but
means a refresh that swaps in a new file (etl/publish.py) is seen by the next query, and
no connection ever holds the old file open. External access is off and the configuration
locked, so no query can read local files or URLs (see ../shared/RECIPES.md).
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
    """Lets queries of one file identity run together, and makes a newer file wait for them.

    Why: DuckDB keeps one database instance per path inside a process, and a new connection
    joins that instance while any connection to it is open. After a swap, a session opening
    the path while another session's query still holds the old file would read the OLD data
    and cache it under the NEW version key (checked on duckdb 2.0.1). So a query for a new
    identity waits until every query on the old one has closed; the wait is one query long.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._identity: str | None = None
        self._active = 0

    @contextmanager
    def hold(self, identity: str) -> Iterator[None]:
        with self._cond:
            while self._active and identity != self._identity:
                self._cond.wait()
            self._identity = identity
            self._active += 1
        try:
            yield
        finally:
            with self._cond:
                self._active -= 1
                if not self._active:
                    self._cond.notify_all()


_gate = _OneFileAtATime()


@contextmanager
def connect():
    p = path()
    identity = version()
    if identity == "missing":
        raise NoDatabase(f"no database at {p}: run `make run` or `python -m etl refresh`")
    with _gate.hold(identity):
        con = duckdb.connect(str(p), read_only=True, config=LOCKED_DOWN)
        try:
            yield con
        finally:
            con.close()


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
