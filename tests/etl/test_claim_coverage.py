"""claim_coverage: how many of our records a claim's figure can be set against, in its period."""

from __future__ import annotations

import duckdb
from monitor_fixtures import case, incident, source, write_dataset

from etl import refresh


def claim(i: int, **kw) -> dict:
    row = {
        "claim_id": f"F-{i:04d}",
        "country_iso3": "UZB",
        "claimant": "Synthetic security service",
        "claimant_type": "security_service",
        "metric": "criminal_cases",
        "value": "338",
        "value_qualifier": "exact",
        "period_start": "2022",
        "as_of_date": "2024",
        "report_date": "2025-01-10",
        "series_id": "",
        "summary": "Synthetic figure.",
        "source_ids": "S-0009",
    }
    return row | kw


def coverage(tmp_path, claims) -> dict[str, tuple]:
    folder = write_dataset(
        tmp_path / "data",
        cases=[
            case(1, verdict_date="2021-12-31"),  # before the period
            case(2, verdict_date="2022-03"),
            case(3, verdict_date="", report_date="2024-12-31"),  # dated by its report
            case(4, verdict_date="2025-01-01"),  # after the period
            case(5, country_iso3="KGZ", charge_article="KGZ CC 416", verdict_date="2023"),
            case(6, verdict_date="", report_date=""),  # undated: in no period
        ],
        incidents=[
            incident(7, country_iso3="UZB", incident_type="death_reported", event_date="2023-05"),
            incident(8, country_iso3="UZB", incident_type="migrant_raid"),
        ],
        sources=[source(i) for i in range(1, 10)],
        claims=claims,
    )
    db = build(folder, tmp_path / "m.duckdb")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT claim_id, record_type, incident_type, documented FROM claim_coverage"
        ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_a_claim_is_set_against_our_records_of_its_country_and_period(tmp_path):
    got = coverage(
        tmp_path,
        [
            claim(11),
            claim(12, period_start="", as_of_date="2024-06"),  # everything up to June 2024
            claim(13, metric="killed", value="100", period_start="", as_of_date=""),
            claim(14, metric="contracts_signed"),  # nothing of ours counts contracts
            claim(15, claimant_type="foreign_government"),  # another state's cases
            claim(16, country_iso3=""),  # several countries
        ],
    )
    assert got == {
        "F-0011": ("cases", None, 2),
        "F-0012": ("cases", None, 2),
        "F-0013": ("incidents", "death_reported", 1),
    }


def build(data_dir, db):
    result = refresh.run(data_dir, db)
    assert result.ok, [str(p) for p in result.problems] + [result.message]
    return db
