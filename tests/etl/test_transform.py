"""Normalisation: typed columns, partial dates with their precision, link tables."""

from __future__ import annotations

import pandas as pd
import pytest
from monitor_fixtures import case, incident, write_dataset

from etl import extract, transform


def tables_for(folder):
    return transform.run(extract.run(folder).frames)


@pytest.mark.parametrize(
    ("verdict", "report", "start", "precision"),
    [
        ("2024-04-17", "2024-05-02", "2024-04-17", "day"),
        ("2024-04", "2024-05-02", "2024-04-01", "month"),
        ("2023", "2024-05-02", "2023-01-01", "year"),
        ("", "2024-05-02", None, "report_date"),
    ],
)
def test_a_partial_verdict_date_keeps_its_precision(tmp_path, verdict, report, start, precision):
    folder = write_dataset(
        tmp_path, cases=[case(1, verdict_date=verdict, report_date=report)], incidents=[incident(2)]
    )
    row = tables_for(folder)["cases"].iloc[0]
    assert row["date_precision"] == precision
    expected = pd.Timestamp(start) if start else pd.NaT
    assert (pd.isna(row["verdict_date"]) and start is None) or row["verdict_date"] == expected
    assert row["timeline_date"] == pd.Timestamp(start or report)


def test_source_lists_become_ordered_link_rows(tmp_path):
    folder = write_dataset(
        tmp_path, cases=[case(1, source_ids="S-0003;S-0001")], incidents=[incident(2)]
    )
    links = tables_for(folder)["case_sources"]
    assert links.to_dict("records") == [
        {"case_id": "C-0001", "source_id": "S-0003", "source_rank": 1},
        {"case_id": "C-0001", "source_id": "S-0001", "source_rank": 2},
    ]


def test_numbers_are_typed_and_empty_numbers_are_null(tmp_path):
    folder = write_dataset(tmp_path, cases=[case(1, defendant_age="")], incidents=[incident(2)])
    cases = tables_for(folder)["cases"]
    assert cases["sentence_months"].iloc[0] == 48
    assert pd.isna(cases["defendant_age"].iloc[0])
    assert cases["country_name"].iloc[0] == "Uzbekistan"


def test_an_incident_concerning_several_countries_has_no_country(tmp_path):
    folder = write_dataset(tmp_path, cases=[case(1)], incidents=[incident(2, country_iso3="")])
    assert pd.isna(tables_for(folder)["incidents"]["country_iso3"].iloc[0])
