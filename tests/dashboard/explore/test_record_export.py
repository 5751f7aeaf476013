"""A download holds exactly the filtered rows, stamped with the data version and the filters."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import db
from dashboard.explore import export
from dashboard.explore.permalink import parse, to_query
from dashboard.queries import explore as queries

QUERY = {"type": "cases", "country": "UZB,KGZ", "from": "2023-01-01", "to": "2024-12-31"}


@pytest.fixture
def rows(monkeypatch, explore_db) -> pd.DataFrame:
    monkeypatch.setenv("MONITOR_DB", str(explore_db))
    return queries.records(db.version(), parse(QUERY).filters)


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_the_csv_holds_exactly_the_filtered_query(rows):
    filters = to_query(parse(QUERY).filters)
    data = export.csv_bytes(rows, "abc123", filters)
    got = read_csv(data)
    assert sorted(got["record_id"]) == ["C-0001", "C-0002", "C-0004"]
    expected = rows[queries.EXPORT_COLUMNS].astype("string").fillna("").reset_index(drop=True)
    pd.testing.assert_frame_equal(
        got[queries.EXPORT_COLUMNS], expected.astype(object), check_dtype=False
    )
    assert set(got["data_version"]) == {"abc123"}
    assert set(got["filters"]) == {"type=cases&country=KGZ,UZB&from=2023-01-01&to=2024-12-31"}


def test_the_csv_opens_in_excel_with_cyrillic_intact(rows):
    data = export.csv_bytes(rows, "v", "")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Газета" in data.decode("utf-8-sig")


def test_parquet_holds_the_same_rows_and_says_its_version(rows):
    table = pq.read_table(io.BytesIO(export.parquet_bytes(rows, "abc123", "type=cases")))
    assert table.num_rows == len(rows)
    assert table.schema.metadata[b"data_version"] == b"abc123"
    assert table.schema.metadata[b"filters"] == b"type=cases"
    assert sorted(table.column("record_id").to_pylist()) == sorted(rows["record_id"])


def test_no_rows_still_give_a_file_with_a_header(rows):
    got = read_csv(export.csv_bytes(rows.iloc[0:0], "v", "q=x"))
    assert got.empty
    assert list(got.columns) == [*queries.EXPORT_COLUMNS, "data_version", "filters"]
