"""The XLSX download: an About sheet (filters, version, licence, citation), then the records."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import db
from dashboard.explore import export
from dashboard.explore.permalink import parse, to_query
from dashboard.queries import explore as queries

QUERY = {"type": "cases", "country": "UZB,KGZ", "from": "2023-01-01", "to": "2024-12-31"}
FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]


@pytest.fixture
def rows(monkeypatch, explore_db) -> pd.DataFrame:
    monkeypatch.setenv("MONITOR_DB", str(explore_db))
    return queries.records(db.version(), parse(QUERY).filters)


def test_the_first_sheet_states_filters_version_licence_and_citation(rows):
    filters = to_query(parse(QUERY).filters)
    book = load_workbook(io.BytesIO(export.xlsx_bytes(rows, "abc123", filters)))
    assert book.sheetnames == ["About", "Records"]
    about = {a: b for a, b in book["About"].iter_rows(values_only=True)}
    assert about["Filters"] == filters
    assert about["Reopen this view"] == f"/explore?{filters}"
    assert about["Data version"] == "abc123"
    assert about["Records"] == "3"
    assert "CC BY 4.0" in about["Licence"]
    assert (
        about["How to cite"]
        == "Central Asia Recruitment Monitor, data version abc123. Licensed CC BY 4.0."
    )


def test_the_records_sheet_holds_exactly_the_filtered_rows(rows):
    book = load_workbook(io.BytesIO(export.xlsx_bytes(rows, "abc123", "type=cases")))
    values = list(book["Records"].iter_rows(values_only=True))
    header, body = list(values[0]), values[1:]
    assert header == [*queries.EXPORT_COLUMNS, "data_version", "filters"]
    got = pd.DataFrame(body, columns=header)
    assert sorted(got["record_id"]) == ["C-0001", "C-0002", "C-0004"]
    expected = export.export_frame(rows, "abc123", "type=cases")
    for column in ("record_id", "country_iso3", "summary", "data_version"):
        assert got[column].fillna("").tolist() == expected[column].fillna("").astype(str).tolist()
    months = expected["sentence_months"].dropna()
    if len(months):
        assert pd.to_numeric(got["sentence_months"]).dropna().tolist() == months.tolist()


def test_a_text_that_looks_like_a_formula_stays_text(rows):
    hostile = rows.head(len(FORMULAS)).copy()
    hostile["summary"] = FORMULAS[: len(hostile)]
    hostile.loc[hostile.index[0], "court"] = "=cmd|' /C calc'!A0"
    data = export.xlsx_bytes(hostile, "v", "q=%3D1%2B1")
    book = load_workbook(io.BytesIO(data))
    cells = [c for row in book["Records"].iter_rows(min_row=2) for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    shown = [c.value for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert set(FORMULAS[: len(hostile)]) <= set(shown)
    # No formula element anywhere in the file itself, whatever reads it.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all(b"<f>" not in z.read(n) and b"<f " not in z.read(n) for n in sheets)


def test_control_characters_are_dropped_not_fatal(rows):
    broken = rows.head(1).copy()
    broken["summary"] = "bell\x07 and null\x00 inside"
    book = load_workbook(io.BytesIO(export.xlsx_bytes(broken, "v", "")))
    header = [c.value for c in next(book["Records"].iter_rows(max_row=1))]
    row = [c.value for c in next(book["Records"].iter_rows(min_row=2, max_row=2))]
    assert row[header.index("summary")] == "bell and null inside"


def test_too_many_rows_for_one_sheet_are_refused_with_a_reason(monkeypatch, rows):
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 2)
    with pytest.raises(ValueError, match="do not fit"):
        export.xlsx_bytes(rows, "v", "")
