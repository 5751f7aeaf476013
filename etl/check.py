"""The reviewer's report: validation problems, suspected duplicates and coverage, without publishing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from etl import extract, source_quality, transform, validate
from etl.problems import Problem, errors

# Two reports of one verdict rarely differ by more than a few weeks.
DUPLICATE_WINDOW_DAYS = 45
# Bounds that keep `etl check` linear at any size: each record is compared with at most this
# many neighbours per blocking key, and at most MAX_PAIRS pairs are listed.
MAX_NEIGHBOURS = 50
MAX_PAIRS = 1000


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
    """Pairs of cases in one country, dated close together, that share a sentence, court or defendant.

    Bounded (issue #16: a self-join per country ran out of memory at 20k cases): a pair needs
    two of same sentence, same court, same defendant, so it shares a blocking key - (country,
    sentence) or (country, court). Within a key, records are sorted by date and each is
    compared with at most MAX_NEIGHBOURS later ones inside the window: O(n) pairs, not O(n²).
    """
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
    c = cases[cols].reset_index(drop=True)
    window = pd.Timedelta(days=DUPLICATE_WINDOW_DAYS)
    both = np.concatenate(
        [
            neighbours(c, ["country_iso3", "sentence_type", "sentence_months"], window),
            neighbours(c, ["country_iso3", "court"], window),
        ]
    )
    # A pair found under both keys once: (i, j) as one integer, deduplicated in one sort.
    flat = np.sort(both[:, 0].astype(np.int64) * len(c) + both[:, 1])
    flat = flat[np.r_[True, flat[1:] != flat[:-1]]] if len(flat) else flat
    candidates = np.column_stack([flat // max(len(c), 1), flat % max(len(c), 1)])
    # Compared as integer codes (NaN = -1, never equal): millions of pairs in milliseconds.
    code = {
        col: pd.factorize(c[col], use_na_sentinel=True)[0]
        for col in cols[1:]
        if col != "timeline_date"
    }
    i, j = candidates[:, 0], candidates[:, 1]

    def same(col: str) -> np.ndarray:
        return (code[col][i] == code[col][j]) & (code[col][i] >= 0)

    same_sentence = same("sentence_type") & same("sentence_months")
    same_court = same("court")
    same_person = same("defendant_initials") | same("defendant_age")
    hit = (same_sentence & (same_court | same_person)) | (same_court & same_person)
    i, j = i[hit], j[hit]
    why = pd.Series(np.where(same_sentence[hit], "same sentence; ", ""), dtype=object)
    why += np.where(same_court[hit], "same court; ", "")
    why += np.where(same_person[hit], "same initials or age", "")
    ids = c["case_id"].to_numpy()
    a, b = ids[i], ids[j]
    out = pd.DataFrame(
        {
            "case_id_a": np.where(a < b, a, b),
            "case_id_b": np.where(a < b, b, a),
            "country_iso3": c["country_iso3"].to_numpy()[i],
            "why": why.str.rstrip("; ").to_numpy(),
        }
    )
    return out.sort_values(["case_id_a", "case_id_b"]).head(MAX_PAIRS).reset_index(drop=True)


def neighbours(
    frame: pd.DataFrame, keys: list[str], window: pd.Timedelta | None, date: str = "timeline_date"
) -> np.ndarray:
    """(i, j) positions of records sharing every key, dated at most `window` apart (None: any
    date), each record paired with at most MAX_NEIGHBOURS later ones in date order."""
    need = [*keys, date] if window is not None else keys
    d = frame[need].dropna()
    if len(d) < 2:
        return np.empty((0, 2), dtype=np.int64)
    d = d.sort_values(need, kind="stable")
    codes = d.groupby(keys, sort=False, observed=True).ngroup().to_numpy()
    positions = d.index.to_numpy()
    days = d[date].to_numpy(dtype="datetime64[ns]") if window is not None else None
    found = []
    for k in range(1, min(MAX_NEIGHBOURS, len(d) - 1) + 1):
        same = codes[:-k] == codes[k:]
        if days is not None:
            same &= (days[k:] - days[:-k]) <= window.to_timedelta64()
        if not same.any():
            break  # sorted by key then date: no pair k+1 apart can qualify either
        found.append(np.column_stack([positions[:-k][same], positions[k:][same]]))
    return np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)


def suspected_duplicate_incidents(incidents: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Pairs of incidents of one kind and country that cite a common source or share a date.

    Bounded like suspected_duplicates: the same day is a blocking key, and a source is
    paired within its citing incidents' neighbours (a compilation report citing thousands of
    incidents yields at most MAX_NEIGHBOURS pairs per incident, not all of them).
    """
    cols = ["incident_id", "country_iso3", "incident_type", "timeline_date", "date_precision"]
    i = incidents[cols].assign(country_iso3=incidents["country_iso3"].fillna("several"))
    i = i.reset_index(drop=True)
    # Month- or year-precise dates coincide by construction (first of the period): days only.
    exact = i[i["date_precision"] == "day"]
    same_day = neighbours(exact, ["country_iso3", "incident_type", "timeline_date"], None)
    cited = links[["incident_id", "source_id"]].merge(
        i[["incident_id", "country_iso3", "incident_type"]].reset_index(), on="incident_id"
    )
    cited = cited.set_index("index")
    shared = neighbours(cited, ["source_id", "country_iso3", "incident_type"], None)
    found = [(same_day, "same date"), (shared, "cite a common source")]
    parts = [
        pd.DataFrame({"a": pairs[:, 0], "b": pairs[:, 1], "why": why})
        for pairs, why in found
        if len(pairs)
    ]
    if not parts:
        return pd.DataFrame(columns=["id_a", "id_b", "country_iso3", "incident_type", "why"])
    pairs = pd.concat(parts, ignore_index=True)
    ids = i["incident_id"].to_numpy()
    a, b = ids[pairs["a"].to_numpy()], ids[pairs["b"].to_numpy()]
    hits = pd.DataFrame(
        {
            "id_a": np.where(a < b, a, b),
            "id_b": np.where(a < b, b, a),
            "country_iso3": i["country_iso3"].to_numpy()[pairs["a"].to_numpy()],
            "incident_type": i["incident_type"].to_numpy()[pairs["a"].to_numpy()],
            "why": pairs["why"],
        }
    )
    # A pair found both ways is said once, as a common source (the stronger hint).
    hits = hits.sort_values(["id_a", "id_b", "why"]).drop_duplicates(["id_a", "id_b"])
    return hits.head(MAX_PAIRS).reset_index(drop=True)


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
