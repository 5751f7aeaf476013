"""Tiny synthetic datasets for tests, written at run time (never into data/).

Every value is made up and labelled as such: publisher 'SYNTHETIC TEST DATA',
URLs on example.org (reserved for documentation, RFC 2606).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from etl.contract import FILES, by_name
from etl.dates import SHAPE

SYNTHETIC = "SYNTHETIC TEST DATA"


def source(i: int, **kw) -> dict:
    row = {
        "source_id": f"S-{i:04d}",
        "url": f"https://example.org/synthetic/{i}",
        "publisher": SYNTHETIC,
        "outlet_id": "synthetic",
        "published_date": "2024-05-02",
        "language": "en",
        "note": "synthetic source for tests",
    }
    return row | kw


def outlet(outlet_id: str = "synthetic", **kw) -> dict:
    row = {
        "outlet_id": outlet_id,
        "name": f"{SYNTHETIC} outlet",
        "parent": "",
        "kind": "independent_media",
        "country_iso3": "",
        "languages": "en",
        "home_page": "",
    }
    return row | kw


def case(i: int, **kw) -> dict:
    row = {
        "case_id": f"C-{i:04d}",
        "country_iso3": "UZB",
        "defendant_initials": "A.B.",
        "defendant_age": "30",
        "defendant_count": "1",
        "role": "fighter",
        "court": "Synthetic District Court",
        "region": "Synthetic Region",
        "verdict_date": "2024-04",
        "report_date": "2024-05-02",
        "charge_article": "UZB CC 154(1)",
        "sentence_type": "restricted_freedom",
        "sentence_months": "48",
        "side": "russia",
        "armed_group": "russian_armed_forces",
        "recruitment_channel": "migrant_detention",
        "stage": "verdict",
        "verification": "reputable_outlet",
        "summary": "Synthetic case used by the test suite.",
        "source_ids": f"S-{i:04d}",
        "contradictions": "",
    }
    row |= kw
    # One date for both while the verdict is the latest stage (etl/case_dates.py).
    if "latest_stage_date" not in row:
        verdict = row["verdict_date"] if re.fullmatch(SHAPE, row["verdict_date"]) else ""
        row["latest_stage_date"] = verdict if row["stage"] == "verdict" else ""
    return row


def incident(i: int, **kw) -> dict:
    row = {
        "incident_id": f"I-{i:04d}",
        "country_iso3": "KGZ",
        "location_iso3": "RUS",
        "location": "Moscow",
        "event_date": "2023-09-03",
        "report_date": "2023-09-04",
        "incident_type": "migrant_raid",
        "side": "russia",
        "armed_group": "russian_armed_forces",
        "recruitment_channel": "migrant_detention",
        "people_count": "",
        "verification": "reputable_outlet",
        "summary": "Synthetic incident used by the test suite.",
        "source_ids": f"S-{i:04d}",
    }
    return row | kw


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    columns = columns or (list(rows[0]) if rows else [])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_dataset(
    folder: Path,
    cases: list[dict] | None = None,
    incidents: list[dict] | None = None,
    sources: list[dict] | None = None,
    **extra: list[dict],
) -> Path:
    """A valid dataset: by default 3 cases (UZB, KGZ, KAZ) and 2 incidents, each with its own source."""
    folder.mkdir(parents=True, exist_ok=True)
    outlets = extra.pop("outlets", None) or [outlet()]
    if cases is None:
        cases = [
            case(1),
            case(
                2,
                country_iso3="KGZ",
                charge_article="KGZ CC 416",
                sentence_type="probation",
                sentence_months="24",
                verdict_date="2023-11-20",
                report_date="2023-11-21",
            ),
            case(
                3,
                country_iso3="KAZ",
                charge_article="KAZ CC 172(2)",
                sentence_type="prison",
                sentence_months="72",
                verdict_date="",
                report_date="2019-03-01",
                armed_group="dnr_lnr",
                recruitment_channel="unknown",
            ),
        ]
    if incidents is None:
        incidents = [
            incident(11),
            incident(12, country_iso3="", incident_type="intelligence_report"),
        ]
    if sources is None:
        cited = sorted(
            {
                sid
                for r in cases + incidents + sum(extra.values(), [])
                for sid in r["source_ids"].split(";")
            }
        )
        sources = [source(int(s.split("-")[1])) for s in cited]
    write_csv(folder / "outlets.csv", outlets, by_name("outlets.csv").column_names)
    write_csv(folder / "sources.csv", sources, by_name("sources.csv").column_names)
    write_csv(folder / "cases.csv", cases, by_name("cases.csv").column_names)
    write_csv(folder / "incidents.csv", incidents, by_name("incidents.csv").column_names)
    for contract in FILES:
        stem = contract.name.removesuffix(".csv")
        if stem in extra:
            write_csv(folder / contract.name, extra[stem], contract.column_names)
    return folder


def write_large_dataset(folder: Path, n_cases: int, seed_text: str = "") -> Path:
    """A valid dataset of n_cases cases, n_cases // 2 incidents and one source per record.

    For crash, swap and load tests: big enough that a refresh takes seconds. seed_text
    changes every summary, so two folders can differ in content but not in shape.
    """
    countries = ("UZB", "KGZ", "KAZ", "TJK", "TKM")
    n_incidents = n_cases // 2
    cases = [
        case(
            i,
            country_iso3=countries[i % 5],
            defendant_age=str(20 + i % 40),
            sentence_months=str(12 + i % 96),
            verdict_date=f"{2016 + i % 9}-{1 + i % 12:02d}",
            report_date=f"{2016 + i % 9}-{1 + i % 12:02d}",
            summary=f"Synthetic case {i} used by the test suite.{seed_text}",
        )
        for i in range(1, n_cases + 1)
    ]
    incidents = [
        incident(
            n_cases + i,
            country_iso3=countries[i % 5],
            event_date=f"{2022 + i % 3}-{1 + i % 12:02d}",
            report_date=f"{2022 + i % 3}-{1 + i % 12:02d}",
            summary=f"Synthetic incident {i} used by the test suite.{seed_text}",
        )
        for i in range(1, n_incidents + 1)
    ]
    sources = [source(i) for i in range(1, n_cases + n_incidents + 1)]
    return write_dataset(folder, cases=cases, incidents=incidents, sources=sources)
