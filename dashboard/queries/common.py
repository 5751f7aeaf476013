"""Questions every page asks: data version metadata and headline totals.

Each function takes `version` (dashboard.db.version()) first so that the cache is keyed
by the published file: a refresh swaps the file, the version changes, queries rerun.
Values are always bound as parameters; no SQL is built from user input.
"""

from __future__ import annotations

import streamlit as st

from dashboard import db

CACHE_TTL = 3600


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def meta(version: str) -> dict[str, str]:
    frame = db.query("SELECT key, value FROM meta")
    return dict(zip(frame["key"], frame["value"], strict=True))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def totals(version: str) -> dict[str, int]:
    row = db.query(
        """
        SELECT
          (SELECT count(*) FROM cases) AS cases,
          (SELECT coalesce(sum(coalesce(defendant_count, 1)), 0) FROM cases) AS defendants,
          (SELECT count(*) FROM cases WHERE sentence_type = 'prison') AS prison_cases,
          (SELECT count(*) FROM incidents) AS incidents,
          (SELECT count(*) FROM claims) AS claims,
          (SELECT count(*) FROM sources) AS sources,
          (SELECT count(DISTINCT country_iso3) FROM cases) AS countries
        """
    ).iloc[0]
    return {k: int(v) for k, v in row.items()}
