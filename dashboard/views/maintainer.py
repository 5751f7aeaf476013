"""Maintainer (/maintainer): is the published data fresh, what did the last refresh change,
how did the recent refreshes go, and how much is waiting in the review queue."""

from __future__ import annotations

import streamlit as st

from dashboard import db
from dashboard.i18n import number, t
from dashboard.queries import maintainer as queries


def table_label(name: str) -> str:
    return t(f"maintainer.table.{name}")


def columns(name: str) -> str:
    return t(f"maintainer.col.{name}")


version = db.version()
fresh = queries.freshness(version)
runs = queries.runs(version, queries.file_stamp("log"))
queued = queries.queue_size(queries.file_stamp("queue"))
age = queries.age_days(fresh["built_at"])
built = fresh["built_at"]

st.title(t("maintainer.heading"))
st.write(t("maintainer.intro"))

st.subheader(t("maintainer.freshness"))
cols = st.columns(4)
cols[0].metric(t("maintainer.data_version"), fresh["data_version"] or "?")
cols[1].metric(
    t("maintainer.built_at"),
    built.strftime("%Y-%m-%d") if built is not None else "?",
    help=built.strftime("%Y-%m-%d %H:%M UTC") if built is not None else None,
)
if age is None:
    cols[2].metric(t("maintainer.age"), "?")
elif age < 2:
    cols[2].metric(t("maintainer.age"), t("maintainer.hours", n=f"{age * 24:.0f}"))
else:
    cols[2].metric(t("maintainer.age"), t("maintainer.days", n=f"{age:.0f}"))
cols[3].metric(
    t("maintainer.newest_report"),
    fresh["newest_report"].isoformat() if fresh["newest_report"] else "?",
)

latest = runs.iloc[0] if len(runs) else None
if latest is not None and latest["outcome"] in ("rejected", "failed"):
    st.error(
        t(
            "maintainer.last_run_failed",
            when=latest["started_at"].strftime("%Y-%m-%d %H:%M UTC"),
            outcome=t(f"maintainer.outcome.{latest['outcome']}"),
            errors=int(latest["errors"]),
        )
    )

st.subheader(t("maintainer.queue"))
if queued is None:
    st.info(t("maintainer.queue_missing"))
else:
    st.metric(t("maintainer.queue_size"), number(queued))
    st.caption(t("maintainer.queue_caption"))

st.subheader(t("maintainer.last_diff"))
if "etl_changes" not in queries.tables(version):
    st.info(t("maintainer.no_diff"))
else:
    counts = queries.last_diff_counts(version)
    if counts.empty:
        st.info(t("maintainer.no_changes"))
    else:
        counts = counts.assign(table_name=counts["table_name"].map(table_label))
        st.dataframe(counts.rename(columns=columns), hide_index=True)
        with st.expander(t("maintainer.diff_records")):
            records = queries.last_diff(version)
            records = records.assign(
                table_name=records["table_name"].map(table_label),
                change=records["change"].map(columns),
            )
            st.dataframe(records.rename(columns=columns), hide_index=True)

st.subheader(t("maintainer.runs"))
outcomes = runs["outcome"].map(lambda o: t(f"maintainer.outcome.{o}"))
st.dataframe(runs.assign(outcome=outcomes).rename(columns=columns), hide_index=True)
st.caption(t("maintainer.runs_caption"))
