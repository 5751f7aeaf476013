"""A case's verdict_date and latest_stage_date agree with its stages, or the refresh says where not."""

from __future__ import annotations

import datetime as dt

import pytest
from monitor_fixtures import case, incident, source, write_dataset

from etl import extract, validate
from etl.problems import errors

TODAY = dt.date(2026, 11, 25)


def stage(name: str, date: str, **kw) -> dict:
    row = {
        "case_id": "C-0001",
        "stage": name,
        "stage_date": date,
        "court": "",
        "sentence_type": "prison",
        "sentence_months": "60",
        "summary": f"Synthetic {name}.",
        "source_ids": "S-0001",
    }
    return row | kw


def found(tmp_path, stages=None, **fields):
    folder = write_dataset(
        tmp_path,
        cases=[case(1, **fields)],
        incidents=[incident(2)],
        sources=[source(1), source(2)],
        case_stages=stages or [],
    )
    raw = extract.run(folder)
    return [
        (p.file, p.row, p.field, p.reason)
        for p in errors(raw.problems + validate.run(raw.frames, today=TODAY))
    ]


APPEALED = [stage("verdict", "2023-08"), stage("appeal", "2023-09"), stage("appeal", "2023-11")]


def test_an_appealed_case_with_both_dates_from_its_stages_is_valid(tmp_path):
    # C-0006's shape: first instance in August, two appeals, the last in November.
    assert (
        found(
            tmp_path, APPEALED, stage="appeal", verdict_date="2023-08", latest_stage_date="2023-11"
        )
        == []
    )


def test_a_verdict_date_holding_the_appeal_date_is_an_error_on_the_case_row(tmp_path):
    got = found(
        tmp_path, APPEALED, stage="appeal", verdict_date="2023-11", latest_stage_date="2023-11"
    )
    assert got == [
        (
            "cases.csv",
            2,
            "verdict_date",
            "case_stages.csv dates the verdict 2023-08 (row 2): verdict_date must say the same",
        )
    ]


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        (
            {"stage": "appeal", "verdict_date": "2023-08", "latest_stage_date": ""},
            "latest_stage_date",
            "case_stages.csv dates the latest stage (appeal) 2023-11 (row 4): "
            "fill latest_stage_date with it",
        ),
        (
            {"stage": "appeal", "verdict_date": "", "latest_stage_date": "2023-11"},
            "verdict_date",
            "case_stages.csv dates the verdict 2023-08 (row 2): fill verdict_date with it",
        ),
        (
            {"stage": "verdict", "verdict_date": "2023-08", "latest_stage_date": "2023-11"},
            "stage",
            "the latest stage in case_stages.csv is 'appeal' (row 4)",
        ),
    ],
)
def test_each_disagreement_with_the_stages_names_its_field(tmp_path, fields, field, reason):
    assert found(tmp_path, APPEALED, **fields) == [("cases.csv", 2, field, reason)]


def test_undated_stages_leave_the_case_dates_free(tmp_path):
    stages = [stage("verdict", ""), stage("appeal", "")]
    assert found(tmp_path, stages, stage="appeal", verdict_date="2023", latest_stage_date="") == []


def test_without_stages_a_verdict_is_its_own_latest_stage(tmp_path):
    got = found(tmp_path, verdict_date="2024-04", latest_stage_date="2024-06")
    assert got == [
        (
            "cases.csv",
            2,
            "latest_stage_date",
            "the verdict is the latest stage: latest_stage_date must equal verdict_date",
        )
    ]


def test_a_case_still_charged_has_no_verdict_date(tmp_path):
    got = found(
        tmp_path, stage="charged", sentence_type="pending", sentence_months="", verdict_date="2024"
    )
    assert got == [
        ("cases.csv", 2, "verdict_date", "stage is 'charged' (no verdict yet): leave it empty")
    ]


def test_a_latest_stage_before_the_verdict_is_an_error(tmp_path):
    got = found(tmp_path, stage="appeal", verdict_date="2024-05", latest_stage_date="2024-03-01")
    assert got == [
        (
            "cases.csv",
            2,
            "latest_stage_date",
            "latest stage is dated before the verdict (2024-05)",
        )
    ]


def test_a_partial_latest_date_overlapping_the_verdict_is_not_before_it(tmp_path):
    assert (
        found(tmp_path, stage="appeal", verdict_date="2024-05-20", latest_stage_date="2024") == []
    )


def test_the_real_data_agrees_with_its_stages():
    from pathlib import Path

    raw = extract.run(Path(__file__).resolve().parents[2] / "data")
    problems = validate.run(raw.frames)
    assert [str(p) for p in errors(problems) if p.file == "cases.csv"] == []
