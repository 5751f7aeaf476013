"""A series of claims is one running total restated over time: same metric, country and kind of claimant.

Issue #12: a claim that updates an earlier one is shown as a series, not as two unrelated
numbers. Claims sharing a series_id must agree on what they count (metric, country,
claimant_type), a series has at least two claims, and each should be dated so the series
can be drawn in order.
"""

from __future__ import annotations

import pandas as pd

from etl.problems import Problem

CLAIMS = "claims.csv"
SAME = ("metric", "country_iso3", "claimant_type")


def check(claims: pd.DataFrame | None) -> list[Problem]:
    """Every claim that does not fit its series, on the claim's row."""
    need = {"claim_id", "series_id", "__row__", *SAME}
    if claims is None or claims.empty or not need <= set(claims.columns):
        return []
    frame = claims.assign(series_id=claims["series_id"].str.strip())
    frame = frame[frame["series_id"] != ""]
    out: list[Problem] = []
    for series, members in frame.groupby("series_id", sort=True):
        first = members.iloc[0]
        if len(members) < 2:
            out.append(_problem(first, "series_id", f"series '{series}' has only this claim"))
        for col in SAME:
            for _, r in members[members[col].str.strip() != first[col].strip()].iterrows():
                out.append(
                    _problem(
                        r,
                        col,
                        f"differs from the first claim of series '{series}' "
                        f"({first['claim_id']}: '{first[col]}')",
                    )
                )
        dated = {"as_of_date", "report_date"} <= set(members.columns)
        for _, r in members.iterrows() if dated else ():
            if not (r["as_of_date"].strip() or r["report_date"].strip()):
                out.append(
                    _problem(
                        r,
                        "as_of_date",
                        f"claim in series '{series}' has neither as_of_date nor report_date: "
                        "it cannot be placed in the series",
                        "warning",
                    )
                )
    return out


def _problem(r, field: str, reason: str, severity: str = "error") -> Problem:
    return Problem(CLAIMS, int(r["__row__"]), field, reason, severity, str(r["claim_id"]))
