"""A small synthetic dataset for the policymaker views (map, trends, country brief, methodology).

Made-up values on example.org sources (see monitor_fixtures.py), written at run time. Chosen
so that each view has something to draw: every sentence type the trends page names, dated
and undated records, claims with and without a comparable count, laws with open ranges.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from monitor_fixtures import case, incident, write_dataset

from etl import refresh


def claim(i: int, **kw) -> dict:
    row = {
        "claim_id": f"F-{i:04d}",
        "country_iso3": "UZB",
        "claimant": "Synthetic ministry",
        "claimant_type": "government",
        "metric": "criminal_cases",
        "value": "100",
        "value_qualifier": "at_least",
        "as_of_date": "2024-06",
        "report_date": "2024-07-01",
        "summary": "Synthetic claim used by the test suite.",
        "source_ids": f"S-{i:04d}",
    }
    return row | kw


def law(i: int, **kw) -> dict:
    row = {
        "law_id": f"L-{i:04d}",
        "country_iso3": "UZB",
        "kind": "criminal_article",
        "article": "UZB CC 154(1)",
        "title": "Synthetic mercenarism article",
        "penalty_min_months": "60",
        "penalty_max_months": "120",
        "effective_date": "",
        "summary": "Synthetic law used by the test suite.",
        "source_ids": f"S-{i:04d}",
    }
    return row | kw


CASES = [
    case(1, sentence_type="prison", sentence_months="60", verdict_date="2024-04-10"),
    case(2, sentence_type="restricted_freedom", sentence_months="48", verdict_date="2024-05"),
    case(
        3,
        country_iso3="KGZ",
        sentence_type="suspended",
        sentence_months="24",
        verdict_date="2023-11-20",
        recruitment_channel="prison",
        armed_group="wagner",
    ),
    case(
        4,
        country_iso3="KAZ",
        sentence_type="pending",
        sentence_months="",
        stage="charged",
        verdict_date="",
        report_date="",
        recruitment_channel="unknown",
    ),
]
INCIDENTS = [
    incident(11),
    incident(
        12,
        country_iso3="TJK",
        incident_type="death_reported",
        event_date="2024-05",
        report_date="2024-05-20",
    ),
    incident(
        13,
        country_iso3="",
        incident_type="intelligence_report",
        event_date="2025-02-01",
        report_date="2025-02-02",
    ),
    incident(
        14, country_iso3="TKM", incident_type="official_warning", event_date="", report_date=""
    ),
]
CLAIMS = [
    claim(21),
    claim(22, country_iso3="KGZ", metric="killed", value="10", value_qualifier="exact"),
    claim(23, country_iso3="", metric="recruited", value="5000", value_qualifier="approx"),
]
LAWS = [
    law(31),
    law(
        32, country_iso3="KGZ", article="KGZ CC 256", penalty_min_months="", penalty_max_months="96"
    ),
    law(
        33,
        kind="legal_change",
        article="UZB CC 154-1",
        penalty_min_months="",
        penalty_max_months="",
        effective_date="2024-03",
    ),
]


def publish(folder: Path, db: Path) -> Path:
    result = refresh.run(folder, db)
    assert result.ok, [str(p) for p in result.problems] + [result.message]
    return db


@pytest.fixture(scope="session")
def views_db(tmp_path_factory) -> Path:
    """A published database of the dataset above."""
    folder = write_dataset(
        tmp_path_factory.mktemp("views-data"), CASES, INCIDENTS, claims=CLAIMS, laws=LAWS
    )
    return publish(folder, tmp_path_factory.mktemp("views") / "monitor.duckdb")


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory) -> Path:
    """A published database with no records at all."""
    folder = write_dataset(tmp_path_factory.mktemp("empty-data"), [], [], [])
    return publish(folder, tmp_path_factory.mktemp("empty") / "monitor.duckdb")
