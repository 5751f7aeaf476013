"""The one way the dashboard reads data: short-lived, read-only, locked-down DuckDB connections.

A connection is opened per query and closed at once. That costs a few milliseconds but
means a refresh that swaps in a new file (etl/publish.py) is seen by the next query, and
no connection ever holds the old file open. External access is off and the configuration
locked, so no query can read local files or URLs (see ../shared/RECIPES.md).
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from etl.settings import db_path

LOCKED_DOWN = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}
RETRIES = 3


class NoDatabase(RuntimeError):
    """The published database is missing: run `python -m etl refresh`."""


def path() -> Path:
    return db_path()


def version() -> str:
    """Identity of the published file; changes on every swap, so it keys the query cache."""
    try:
        st = os.stat(path())
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


@contextmanager
def connect():
    p = path()
    if not p.exists():
        raise NoDatabase(f"no database at {p}: run `make run` or `python -m etl refresh`")
    con = duckdb.connect(str(p), read_only=True, config=LOCKED_DOWN)
    try:
        yield con
    finally:
        con.close()


def query(sql: str, params: list | dict | None = None) -> pd.DataFrame:
    """Run one parameterised SELECT. A swap racing the open is retried, never shown to a user."""
    for attempt in range(RETRIES):
        try:
            with connect() as con:
                return con.execute(sql, params or []).df()
        except duckdb.IOException:
            if attempt == RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
