"""The outlet registry: every source names an outlet of outlets.csv, each outlet has a kind."""

from __future__ import annotations

import datetime as dt

import pytest
from monitor_fixtures import case, incident, outlet, source, write_dataset

from etl import extract, validate
from etl.problems import errors

TODAY = dt.date(2026, 11, 25)


def problems_for(folder):
    raw = extract.run(folder)
    return raw.problems + validate.run(raw.frames, today=TODAY)


def dataset(tmp_path, outlets=None, **source_fields):
    return write_dataset(
        tmp_path,
        cases=[case(1)],
        incidents=[incident(2)],
        sources=[source(1, **source_fields), source(2)],
        outlets=outlets or [outlet()],
    )


def test_a_source_naming_an_unknown_outlet_is_an_error_on_its_row(tmp_path):
    found = errors(problems_for(dataset(tmp_path, outlet_id="nowhere")))
    assert [(p.file, p.row, p.field) for p in found] == [("sources.csv", 2, "outlet_id")]
    assert "not in outlets.csv" in found[0].reason and "nowhere" in found[0].reason


def test_a_source_without_an_outlet_is_an_error(tmp_path):
    found = errors(problems_for(dataset(tmp_path, outlet_id="")))
    assert [(p.row, p.field, p.reason) for p in found] == [
        (2, "outlet_id", "required value is empty")
    ]


def test_a_missing_registry_is_named(tmp_path):
    folder = dataset(tmp_path)
    (folder / "outlets.csv").unlink()
    reasons = [(p.file, p.reason) for p in errors(problems_for(folder))]
    assert ("outlets.csv", f"required file missing from {folder}") in reasons


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("kind", "", "required value is empty"),
        ("kind", "blog", "unknown value"),
        ("country_iso3", "XYZ", "not an ISO 3166-1 alpha-3"),
        ("languages", "ru, ky", "separated by ';'"),
        ("languages", "russian", "separated by ';'"),
        ("languages", "ru;ru", "same language listed twice"),
        ("home_page", "javascript:alert(1)", "only http"),
        ("name", "", "required value is empty"),
    ],
)
def test_a_bad_outlet_value_is_rejected_with_row_and_field(tmp_path, field, value, reason):
    folder = dataset(tmp_path, outlets=[outlet(**{field: value})])
    found = [p for p in errors(problems_for(folder)) if p.field == field]
    assert found and reason in found[0].reason, [str(p) for p in found]
    assert (found[0].file, found[0].row) == ("outlets.csv", 2)


def test_an_outlet_may_be_based_in_any_country_and_write_in_several_languages(tmp_path):
    folder = dataset(tmp_path, outlets=[outlet(country_iso3="CZE", languages="ky;ru;uz")])
    assert errors(problems_for(folder)) == []


def test_two_outlets_with_one_id_are_a_duplicate(tmp_path):
    folder = dataset(tmp_path, outlets=[outlet(), outlet(name="Other")])
    found = errors(problems_for(folder))
    assert [(p.file, p.row, p.field) for p in found] == [("outlets.csv", 3, "outlet_id")]


def test_every_real_source_resolves_to_an_outlet_with_a_kind():
    raw = extract.run(extract_data_dir())
    outlets = raw.frames["outlets.csv"].set_index("outlet_id")
    kinds = raw.frames["sources.csv"]["outlet_id"].map(outlets["kind"])
    assert kinds.notna().all() and (kinds != "").all()


def extract_data_dir():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "data"
