"""Maintainer questions: the refresh history, data freshness, the last diff, the review queue.

The run history is the published etl_runs table plus any later failed runs from the log
beside the database (a failed run never reaches a database). The review queue is the CSV
that `python -m etl discover` writes beside the database; only its size is read here.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.queries.common import CACHE_TTL
from etl.publish import read_run_log
from etl.settings import review_queue, runs_log

RUN_COLUMNS = ["started_at", "outcome", "data_version", "rejected", "errors", "warnings"]
CHANGE_KINDS = ("added", "changed", "removed")


def file_stamp(kind: str) -> str:
    """Identity of the run log or the review queue, to key their caches like db.version()."""
    path = {"log": runs_log, "queue": review_queue}[kind](db.path())
    try:
        st_ = os.stat(path)
    except FileNotFoundError:
        return "missing"
    return f"{st_.st_ino}-{st_.st_mtime_ns}-{st_.st_size}"


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def runs(version: str, log_stamp: str) -> pd.DataFrame:
    """Every refresh, newest first, with its outcome and how many records it changed."""
    # SELECT *: databases built before the errors/warnings columns existed still show.
    published = db.query("SELECT * FROM etl_runs").reindex(
        columns=["run_id", *RUN_COLUMNS, "changes"]
    )
    later = [r for r in _log_rows() if r.get("run_id") not in set(published["run_id"])]
    if later:
        extra = pd.DataFrame(later).reindex(columns=published.columns)
        extra["started_at"] = pd.to_datetime(extra["started_at"], utc=True, format="ISO8601")
        extra["changes"] = extra["changes"].map(json.dumps)
        published = pd.concat([published, extra], ignore_index=True)
    published["started_at"] = pd.to_datetime(published["started_at"], utc=True)
    for kind in CHANGE_KINDS:
        published[kind] = published["changes"].map(lambda c, k=kind: _change_total(c, k))
    for count in ("rejected", "errors", "warnings"):
        published[count] = pd.to_numeric(published[count], errors="coerce").fillna(0).astype(int)
    frame = published.sort_values("started_at", ascending=False).reset_index(drop=True)
    return frame[[*RUN_COLUMNS, *CHANGE_KINDS]]


def _log_rows() -> list[dict]:
    # The one reader of the log, the refresh's own: it skips a line a killed run cut short.
    return read_run_log(runs_log(db.path()))


def _change_total(changes: object, kind: str) -> int:
    try:
        parsed = json.loads(changes) if isinstance(changes, str) else {}
    except json.JSONDecodeError:
        return 0
    if not isinstance(parsed, dict):
        return 0
    return sum(int(t.get(kind, 0)) for t in parsed.values() if isinstance(t, dict))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def freshness(version: str) -> dict[str, object]:
    """When the published data was built, from which version, and its newest dated record."""
    meta = db.query("SELECT key, value FROM meta")
    values = dict(zip(meta["key"], meta["value"], strict=True))
    newest = db.query(
        """
        SELECT max(d) AS newest FROM (
          SELECT max(report_date) AS d FROM cases
          UNION ALL SELECT max(report_date) FROM incidents
          UNION ALL SELECT max(report_date) FROM claims
          UNION ALL SELECT max(published_date) FROM sources
        )
        """
    )["newest"].iloc[0]
    return {
        "data_version": values.get("data_version", ""),
        "built_at": pd.Timestamp(values["built_at"]) if values.get("built_at") else None,
        "newest_report": None if pd.isna(newest) else pd.Timestamp(newest).date(),
    }


def age_days(built_at: pd.Timestamp | None, now: dt.datetime | None = None) -> float | None:
    if built_at is None:
        return None
    now = now or dt.datetime.now(dt.UTC)
    return (pd.Timestamp(now) - built_at.tz_convert("UTC")).total_seconds() / 86400


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def tables(version: str) -> set[str]:
    frame = db.query("SELECT table_name FROM information_schema.tables")
    return set(frame["table_name"])


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def last_diff(version: str) -> pd.DataFrame:
    """What the last published refresh changed: one row per record."""
    return db.query(
        """
        SELECT table_name, change, record_id, fields FROM etl_changes
        ORDER BY table_name, change, record_id
        """
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def last_diff_counts(version: str) -> pd.DataFrame:
    return db.query(
        """
        SELECT table_name,
               count(*) FILTER (change = 'added') AS added,
               count(*) FILTER (change = 'changed') AS changed,
               count(*) FILTER (change = 'removed') AS removed
        FROM etl_changes GROUP BY table_name ORDER BY table_name
        """
    )


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def queue_size(queue_stamp: str) -> int | None:
    """Items waiting in the review queue, or None when discovery has not run yet."""
    path = review_queue(db.path())
    if queue_stamp == "missing" or not path.exists():
        return None
    with open(path, encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.DictReader(handle) if row.get("url"))
