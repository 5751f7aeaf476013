"""Claims restating one running total share a series_id, and the series must hang together."""

from __future__ import annotations

import datetime as dt

import pytest
from monitor_fixtures import case, incident, source, write_dataset

from etl import extract, validate
from etl.problems import errors

TODAY = dt.date(2026, 11, 25)


def claim(i: int, **kw) -> dict:
    row = {
        "claim_id": f"F-{i:04d}",
        "country_iso3": "KAZ",
        "claimant": "Synthetic project",
        "claimant_type": "foreign_government",
        "metric": "killed",
        "value": str(10 * i),
        "value_qualifier": "at_least",
        "period_start": "",
        "as_of_date": f"2025-0{i}",
        "report_date": "",
        "series_id": "synthetic-kaz-killed",
        "summary": "Synthetic running total.",
        "source_ids": "S-0001",
    }
    return row | kw


def problems(tmp_path, claims):
    folder = write_dataset(
        tmp_path, cases=[case(1)], incidents=[incident(2)], sources=[source(1), source(2)],
        claims=claims,
    )  # fmt: skip
    raw = extract.run(folder)
    return raw.problems + validate.run(raw.frames, today=TODAY)


def located(found):
    return [(p.file, p.row, p.field, p.reason) for p in found]


def test_a_series_of_updates_is_valid(tmp_path):
    assert errors(problems(tmp_path, [claim(1), claim(2)])) == []


def test_a_series_of_one_claim_is_an_error(tmp_path):
    assert located(errors(problems(tmp_path, [claim(1)]))) == [
        ("claims.csv", 2, "series_id", "series 'synthetic-kaz-killed' has only this claim")
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("metric", "captured"), ("country_iso3", "KGZ"), ("claimant_type", "ngo")],
)
def test_a_claim_counting_something_else_does_not_belong_to_the_series(tmp_path, field, value):
    assert located(errors(problems(tmp_path, [claim(1), claim(2, **{field: value})]))) == [
        (
            "claims.csv",
            3,
            field,
            "differs from the first claim of series 'synthetic-kaz-killed' (F-0001: "
            + {"metric": "'killed')", "country_iso3": "'KAZ')", "claimant_type": "'foreign_government')"}[field],
        )
    ]  # fmt: skip


def test_an_undated_member_is_a_warning(tmp_path):
    found = [p for p in problems(tmp_path, [claim(1), claim(2, as_of_date="")]) if p.row == 3]
    assert [(p.field, p.severity) for p in found] == [("as_of_date", "warning")]


def test_a_period_cannot_start_after_the_figures_date(tmp_path):
    got = located(errors(problems(tmp_path, [claim(1, period_start="2025-03", series_id="")])))
    assert got == [("claims.csv", 2, "period_start", "period starts after the figure's date")]


def test_a_period_within_the_figures_year_is_fine(tmp_path):
    assert errors(problems(tmp_path, [claim(1, period_start="2025", series_id="")])) == []
