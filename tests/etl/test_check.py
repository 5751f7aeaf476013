"""The reviewer's report: suspected duplicates and coverage."""

from __future__ import annotations

from monitor_fixtures import case, incident, source, write_dataset

from etl import check


def test_two_reports_of_one_verdict_are_flagged_as_a_suspected_duplicate(tmp_path):
    cases = [
        case(1, verdict_date="2024-04-10", court="Karshi City Court"),
        case(2, verdict_date="2024-04-20", court="Karshi City Court"),
        case(3, verdict_date="2021-01-01", court="Other Court", sentence_months="12"),
    ]
    result = check.run(write_dataset(tmp_path, cases=cases, incidents=[incident(9)]))
    assert result.ok
    pairs = result.suspected_duplicates[["case_id_a", "case_id_b"]].values.tolist()
    assert pairs == [["C-0001", "C-0002"]]


def test_incidents_citing_a_common_source_are_flagged(tmp_path):
    incidents = [
        incident(11),
        incident(12, source_ids="S-0011", event_date="2023-06", report_date="2023-06-30"),
        incident(13, source_ids="S-0013", event_date="2023-09-20", report_date="2023-09-21"),
    ]
    folder = write_dataset(
        tmp_path, cases=[case(1)], incidents=incidents, sources=[source(1), source(11), source(13)]
    )
    dupes = check.run(folder).suspected_duplicate_incidents
    assert dupes[["id_a", "id_b", "why"]].values.tolist() == [
        ["I-0011", "I-0012", "cite a common source"]
    ]


def test_coverage_counts_records_by_country_and_year_with_undated_ones_apart(tmp_path):
    cases = [
        case(1),
        case(2, verdict_date="", report_date=""),
        case(3, country_iso3="KGZ", verdict_date="2023"),
    ]
    cov = check.run(write_dataset(tmp_path, cases=cases, incidents=[incident(9)])).coverage
    rows = {(r.table, r.country, r.year): r.records for r in cov.itertuples()}
    assert rows[("cases", "UZB", "2024")] == 1
    assert rows[("cases", "UZB", "undated")] == 1
    assert rows[("cases", "KGZ", "2023")] == 1
