"""The contract: each broken rule yields one error naming file, row, field and reason."""

from __future__ import annotations

import datetime as dt

import pytest
from monitor_fixtures import case, incident, source, write_dataset

from etl import extract, validate
from etl.problems import errors

TODAY = dt.date(2026, 11, 25)


def problems_for(folder):
    raw = extract.run(folder)
    return raw.problems + validate.run(raw.frames, today=TODAY)


def test_the_synthetic_dataset_is_valid(dataset):
    assert errors(problems_for(dataset)) == []


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("country_iso3", "XYZ", "not an ISO 3166-1 alpha-3"),
        ("country_iso3", "RUS", "country not covered"),
        ("country_iso3", "", "required value is empty"),
        ("sentence_type", "death", "unknown value"),
        ("side", "Russia", "unknown value"),
        ("sentence_months", "-3", "whole number"),
        ("sentence_months", "4 years", "whole number"),
        ("sentence_months", "9999", "implausible"),
        ("defendant_age", "250", "implausible"),
        ("verdict_date", "2031-01-01", "in the future"),
        ("verdict_date", "2024-02-30", "no such calendar date"),
        ("verdict_date", "12/05/2024", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("verdict_date", "2010-05-01", "before the war began"),
        ("summary", "<script>alert(1)</script>", "HTML or script"),
        ("summary", "x" * 1_000_000, "longer than"),
        ("defendant_initials", "Ivan Petrov", "initials only"),
        ("defendant_initials", "Ivan.", "initials only"),
        ("case_id", "C 1", "id must be"),
        ("source_ids", "S-0001; S-0002", "separated by ';'"),
        ("source_ids", "S-0999", "not in sources.csv"),
        ("summary", " padded", "leading or trailing spaces"),
    ],
)
def test_a_bad_case_value_is_rejected_with_file_row_and_field(tmp_path, field, value, reason):
    extra_sources = {"S-0001; S-0002": [source(1), source(2)], "S-0999": [source(2)]}.get(value)
    folder = write_dataset(
        tmp_path, cases=[case(1, **{field: value})], incidents=[incident(2)], sources=extra_sources
    )
    found = [p for p in errors(problems_for(folder)) if p.field == field and reason in p.reason]
    assert found, [str(p) for p in problems_for(folder)]
    assert found[0].file == "cases.csv"
    assert found[0].row == 2


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "only http"),
        ("data:text/html;base64,PHNjcmlwdD4=", "only http"),
        ("ftp://example.org/x", "only http"),
        ("https://exa mple.org/x", "well-formed"),
    ],
)
def test_only_http_and_https_source_links_are_accepted(tmp_path, url, reason):
    folder = write_dataset(
        tmp_path, cases=[case(1)], incidents=[incident(2)], sources=[source(1, url=url), source(2)]
    )
    found = [p for p in errors(problems_for(folder)) if p.field == "url"]
    assert found and reason in found[0].reason
    assert (found[0].file, found[0].row) == ("sources.csv", 2)


def test_duplicate_ids_are_rejected_on_the_second_row(tmp_path):
    folder = write_dataset(tmp_path, cases=[case(1), case(1)], incidents=[incident(2)])
    dupes = [p for p in errors(problems_for(folder)) if "duplicate id" in p.reason]
    assert [(p.file, p.row) for p in dupes] == [("cases.csv", 3)]


def test_a_source_cited_by_nothing_is_an_error(tmp_path):
    folder = write_dataset(
        tmp_path,
        cases=[case(1)],
        incidents=[incident(2)],
        sources=[source(1), source(2), source(3)],
    )
    orphans = [p for p in errors(problems_for(folder)) if "cited by no record" in p.reason]
    assert [p.record_id for p in orphans] == ["S-0003"]


def test_unknown_and_missing_columns_are_named(tmp_path):
    folder = write_dataset(tmp_path)
    text = (folder / "cases.csv").read_text().replace("summary", "sumary", 1)
    (folder / "cases.csv").write_text(text)
    reasons = {(p.field, p.reason.split(" (")[0]) for p in errors(problems_for(folder))}
    assert ("sumary", "unknown column") in reasons
    assert ("summary", "required column missing from the header") in reasons


def test_a_stage_of_an_unknown_case_is_rejected(tmp_path):
    stage = {
        "case_id": "C-0404",
        "stage": "appeal",
        "stage_date": "2024-06",
        "court": "",
        "sentence_type": "suspended",
        "sentence_months": "36",
        "summary": "Synthetic appeal.",
        "source_ids": "S-0001",
    }
    folder = write_dataset(tmp_path, case_stages=[stage])
    found = [p for p in errors(problems_for(folder)) if p.file == "case_stages.csv"]
    assert found and "not in cases.csv" in found[0].reason


def test_a_sentence_length_with_an_acquittal_is_rejected(tmp_path):
    folder = write_dataset(
        tmp_path,
        cases=[case(1, sentence_type="acquitted", sentence_months="12")],
        incidents=[incident(2)],
    )
    assert any("makes no sense" in p.reason for p in errors(problems_for(folder)))


@pytest.mark.parametrize("initials", ["T.R.", "A.Kh.", "L. S.", "Ye.Shch.", "A.A.;B.B.", "Ж.Т."])
def test_transliterated_initials_are_accepted(tmp_path, initials):
    folder = write_dataset(
        tmp_path, cases=[case(1, defendant_initials=initials)], incidents=[incident(2)]
    )
    assert errors(problems_for(folder)) == []


def test_an_incident_reported_before_it_happened_is_rejected(tmp_path):
    folder = write_dataset(
        tmp_path,
        cases=[case(1)],
        incidents=[incident(2, event_date="2024-01-05", report_date="2023-12")],
    )
    found = [p for p in errors(problems_for(folder)) if p.field == "event_date"]
    assert found and "after its first report" in found[0].reason


@pytest.mark.parametrize(
    ("field", "value"), [("sentence_months", "٣٦"), ("verdict_date", "٢٠٢٤-05")]
)
def test_numbers_and_dates_take_ascii_digits_only(tmp_path, field, value):
    # Arabic-Indic digits once passed as a number and were published as empty.
    folder = write_dataset(tmp_path, cases=[case(1, **{field: value})], incidents=[incident(2)])
    assert [p.field for p in errors(problems_for(folder))] == [field]


@pytest.mark.parametrize("value", ["Tashkent\u00a0", "\u3000Tashkent", " Tashkent"])
def test_unicode_padding_is_found_like_str_strip_finds_it(tmp_path, value):
    folder = write_dataset(tmp_path, cases=[case(1, region=value)], incidents=[incident(2)])
    found = [p for p in errors(problems_for(folder)) if p.field == "region"]
    assert [p.reason for p in found] == ["leading or trailing spaces"]
