"""The reviewer's report: validation problems, suspected duplicates and coverage, without publishing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl import extract, source_quality, transform, validate
from etl.problems import Problem, errors

# Two reports of one verdict rarely differ by more than a few weeks.
DUPLICATE_WINDOW_DAYS = 45


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    suspected_duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)
    suspected_duplicate_incidents: pd.DataFrame = field(default_factory=pd.DataFrame)
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    undated_sources: source_quality.Undated | None = None
    weak_best_source: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def run(data_dir: Path) -> CheckResult:
    raw = extract.run(data_dir)
    problems = raw.problems + validate.run(raw.frames)
    if errors(problems):
        return CheckResult(problems)
    tables = transform.run(raw.frames)
    return CheckResult(
        problems,
        suspected_duplicates(tables["cases"]),
        suspected_duplicate_incidents(tables["incidents"], tables["incident_sources"]),
        coverage(tables),
        source_quality.undated_sources(tables["sources"]),
        source_quality.weak_best_source(tables),
    )


def suspected_duplicates(cases: pd.DataFrame) -> pd.DataFrame:
    """Pairs of cases in one country, dated close together, that share a sentence, court or defendant."""
    cols = [
        "case_id",
        "country_iso3",
        "timeline_date",
        "sentence_type",
        "sentence_months",
        "court",
        "defendant_initials",
        "defendant_age",
    ]
    c = cases[cols].copy()
    pairs = c.merge(c, on="country_iso3", suffixes=("_a", "_b"))
    pairs = pairs[pairs["case_id_a"] < pairs["case_id_b"]]
    close = (pairs["timeline_date_a"] - pairs["timeline_date_b"]).abs() <= pd.Timedelta(
        days=DUPLICATE_WINDOW_DAYS
    )
    same_sentence = (pairs["sentence_type_a"] == pairs["sentence_type_b"]) & (
        pairs["sentence_months_a"] == pairs["sentence_months_b"]
    ).fillna(False)
    same_court = (pairs["court_a"] == pairs["court_b"]).fillna(False)
    same_person = (
        (pairs["defendant_initials_a"] == pairs["defendant_initials_b"]).fillna(False)
    ) | ((pairs["defendant_age_a"] == pairs["defendant_age_b"]).fillna(False))
    hits = pairs[
        close & ((same_sentence & (same_court | same_person)) | (same_court & same_person))
    ].copy()
    hits["why"] = (
        same_sentence[hits.index].map({True: "same sentence; ", False: ""})
        + same_court[hits.index].map({True: "same court; ", False: ""})
        + same_person[hits.index].map({True: "same initials or age", False: ""})
    ).str.rstrip("; ")
    return hits[["case_id_a", "case_id_b", "country_iso3", "why"]].reset_index(drop=True)


def suspected_duplicate_incidents(incidents: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Pairs of incidents of one kind and country that cite a common source or share a date."""
    cols = ["incident_id", "country_iso3", "incident_type", "timeline_date", "date_precision"]
    i = incidents[cols].assign(country_iso3=incidents["country_iso3"].fillna("several"))
    pairs = i.merge(i, on=["country_iso3", "incident_type"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["incident_id_a"] < pairs["incident_id_b"]]
    shared = links.merge(links, on="source_id", suffixes=("_a", "_b"))[
        ["incident_id_a", "incident_id_b"]
    ]
    shared = shared.drop_duplicates().assign(shares_source=True)
    pairs = pairs.merge(shared, on=["incident_id_a", "incident_id_b"], how="left")
    pairs["shares_source"] = pairs["shares_source"].astype("boolean").fillna(False)
    # Month- or year-precise dates coincide by construction (first of the period): days only.
    exact = (pairs["date_precision_a"] == "day") & (pairs["date_precision_b"] == "day")
    same_day = ((pairs["timeline_date_a"] == pairs["timeline_date_b"]) & exact).fillna(False)
    hits = pairs[pairs["shares_source"] | same_day].copy()
    hits["why"] = hits["shares_source"].map({True: "cite a common source", False: "same date"})
    return hits.rename(columns={"incident_id_a": "id_a", "incident_id_b": "id_b"})[
        ["id_a", "id_b", "country_iso3", "incident_type", "why"]
    ].reset_index(drop=True)


def coverage(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Records per country and year (by verdict or event date, else report date)."""
    parts = []
    for table in ("cases", "incidents"):
        t = tables[table]
        parts.append(
            pd.DataFrame(
                {
                    "table": table,
                    "country": t["country_iso3"].fillna("several"),
                    "year": pd.to_datetime(t["timeline_date"])
                    .dt.year.astype("Int64")
                    .astype("string")
                    .fillna("undated"),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    return (
        frame.groupby(["table", "country", "year"], dropna=False)
        .size()
        .rename("records")
        .reset_index()
    )
