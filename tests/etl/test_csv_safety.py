"""Every CSV the project writes neutralises a cell a spreadsheet would run as a formula."""

from __future__ import annotations

import io
import zipfile

import duckdb
import pandas as pd
import pytest

from etl import csv_safety, release
from etl.contract import by_name

FORMULAS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x"]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_cell_gets_a_leading_quote(value):
    frame = pd.DataFrame({"text": [value, "plain"], "n": [-1, 2]})
    out = csv_safety.neutralised(frame)
    assert out["text"].tolist() == ["'" + value, "plain"]
    assert out["n"].tolist() == [-1, 2]  # numbers stay numbers
    assert csv_safety.cell(value) == "'" + value


def test_the_sql_expression_neutralises_the_same_cells():
    frame = pd.DataFrame({"text": [*FORMULAS, "plain"]})
    with duckdb.connect() as con:
        con.register("t", frame)
        got = [v for (v,) in con.execute(f"SELECT {csv_safety.sql_text('text')} FROM t").fetchall()]
    assert got == ["'" + v for v in FORMULAS] + ["plain"]


def test_release_tables_are_neutralised_both_ways():
    frame = pd.DataFrame({"summary": ["=HYPERLINK(1)", "fine"], "n": [1, 2]})
    small = release.table_csv(frame).decode()
    assert "'=HYPERLINK(1)" in small
    # The archive's data package describes every column: publish the contract's columns.
    laws = pd.DataFrame({c: [None, None] for c in by_name("laws.csv").column_names})
    laws["summary"] = frame["summary"]
    buffer = io.BytesIO()
    release.write_archive(buffer, {"laws": laws}, "v1")
    archive = zipfile.ZipFile(buffer)
    name = next(n for n in archive.namelist() if n.endswith("laws.csv"))
    assert "'=HYPERLINK(1)" in archive.read(name).decode()


def test_the_explorer_export_is_neutralised():
    from dashboard.explore import export
    from dashboard.queries.explore import EXPORT_COLUMNS

    rows = pd.DataFrame({c: ["x"] for c in EXPORT_COLUMNS}).assign(summary="-2+3")
    text = export.csv_bytes(rows, "v1", "q=-2").decode("utf-8-sig")
    assert "'-2+3" in text
