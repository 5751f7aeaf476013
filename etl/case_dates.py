"""A case's two dates agree with its stages: verdict_date is the first verdict, latest_stage_date the latest stage.

Issue #12: one field once held the first-instance date where the dictionary promised the
latest stage's (C-0006, appealed in November 2023). Now cases.csv carries both, and where
case_stages.csv lists a case, both must say what its rows say; `stage` must be the latest
row's stage. Without stages, a case whose latest stage is the verdict has one date for both,
and a case still at 'charged' has no verdict date.
"""

from __future__ import annotations

import pandas as pd

from etl import dates
from etl.contract import STAGE_ORDER
from etl.problems import Problem

CASES, STAGES = "cases.csv", "case_stages.csv"
NEEDED = {"case_id", "stage", "verdict_date", "latest_stage_date", "__row__"}


def check(cases: pd.DataFrame | None, stages: pd.DataFrame | None) -> list[Problem]:
    """Every disagreement between a case's dates or stage and its stages, on the case's row."""
    if cases is None or cases.empty or not set(cases.columns) >= NEEDED:
        return []
    case = pd.DataFrame(
        {
            "case_id": cases["case_id"].str.strip(),
            "stage": cases["stage"].str.strip(),
            "verdict": well_formed(cases["verdict_date"]),
            "latest": well_formed(cases["latest_stage_date"]),
            "row": cases["__row__"],
        }
    )
    rows = stage_rows(stages)
    listed = case["case_id"].isin(rows["case_id"])
    out = against_stages(case[listed], rows)
    out += without_stages(case[~listed])
    out += in_order(case)
    return sorted(out)


def well_formed(values: pd.Series) -> pd.Series:
    """The dates as written; a malformed one (reported by its column's check) reads empty,
    so one mistake gives one message."""
    values = values.str.strip()
    return values.where(dates.shaped(values) | (values == ""), "")


def stage_rows(stages: pd.DataFrame | None) -> pd.DataFrame:
    """The stages as (case_id, stage, date, order, start, row), empty when there are none."""
    need = {"case_id", "stage", "stage_date", "__row__"}
    if stages is None or stages.empty or not need <= set(stages.columns):
        return pd.DataFrame(columns=["case_id", "stage", "date", "order", "start", "row"])
    date = well_formed(stages["stage_date"])
    return pd.DataFrame(
        {
            "case_id": stages["case_id"].str.strip(),
            "stage": stages["stage"].str.strip(),
            "date": date,
            "order": stages["stage"].str.strip().map(STAGE_ORDER),
            "start": dates.first_day(date),
            "row": stages["__row__"],
        }
    ).dropna(subset=["order"])


def against_stages(case: pd.DataFrame, rows: pd.DataFrame) -> list[Problem]:
    out: list[Problem] = []
    # The verdict: the earliest dated 'verdict' row of the case.
    verdicts = (
        rows[(rows["stage"] == "verdict") & (rows["date"] != "")]
        .sort_values(["case_id", "start", "row"])
        .drop_duplicates("case_id")
    )
    both = case.merge(verdicts, on="case_id", suffixes=("", "_s"))
    for r in both[both["verdict"] != both["date"]].itertuples():
        out.append(
            _problem(
                r,
                "verdict_date",
                f"case_stages.csv dates the verdict {r.date} (row {r.row_s}): "
                + (
                    "fill verdict_date with it"
                    if not r.verdict
                    else "verdict_date must say the same"
                ),
            )
        )
    # The latest stage: highest in the stage order, then the latest dated.
    latest = rows.sort_values(["case_id", "order", "start", "row"], na_position="first")
    latest = latest.drop_duplicates("case_id", keep="last")
    both = case.merge(latest, on="case_id", suffixes=("", "_s"))
    for r in both[both["stage"] != both["stage_s"]].itertuples():
        out.append(
            _problem(
                r,
                "stage",
                f"the latest stage in case_stages.csv is '{r.stage_s}' (row {r.row_s})",
            )
        )
    dated = both[(both["date"] != "") & (both["latest"] != both["date"])]
    for r in dated.itertuples():
        out.append(
            _problem(
                r,
                "latest_stage_date",
                f"case_stages.csv dates the latest stage ({r.stage_s}) {r.date} (row {r.row_s}): "
                + (
                    "fill latest_stage_date with it"
                    if not r.latest
                    else "latest_stage_date must say the same"
                ),
            )
        )
    return out


def without_stages(case: pd.DataFrame) -> list[Problem]:
    out: list[Problem] = []
    one = case[(case["stage"] == "verdict") & (case["verdict"] != case["latest"])]
    for r in one.itertuples():
        out.append(
            _problem(
                r,
                "latest_stage_date",
                "the verdict is the latest stage: latest_stage_date must equal verdict_date",
            )
        )
    charged = case[(case["stage"] == "charged") & (case["verdict"] != "")]
    for r in charged.itertuples():
        out.append(
            _problem(r, "verdict_date", "stage is 'charged' (no verdict yet): leave it empty")
        )
    return out


def in_order(case: pd.DataFrame) -> list[Problem]:
    # Partial dates compare by their widest reading: '2023' is not before '2023-05'.
    early = dates.last_day(case["latest"])
    late = dates.first_day(case["verdict"])
    return [
        _problem(r, "latest_stage_date", f"latest stage is dated before the verdict ({r.verdict})")
        for r in case[early < late].itertuples()
    ]


def _problem(r, field: str, reason: str) -> Problem:
    return Problem(CASES, int(r.row), field, reason, record_id=str(r.case_id))
