"""What a refresh reports as changed: per record and field, compared as text."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from etl.diff import compare_table


def cases(**columns) -> pd.DataFrame:
    base = {"case_id": ["C-1", "C-2", "C-3"], "court": ["A", "B", None], "months": [12, 24, 36]}
    return pd.DataFrame(base | columns).astype({"court": "string", "months": "Int64"})


def test_added_removed_and_changed_records_are_named_with_their_fields():
    old = cases()
    new = cases(case_id=["C-1", "C-2", "C-4"], months=[12, 30, 36])
    diff = compare_table("cases", old, new, ["case_id"])
    assert (diff.added, diff.removed) == (["C-4"], ["C-3"])
    assert diff.changed == {"C-2": ["months"]}


def test_emptying_or_filling_a_field_is_a_change():
    new = cases(court=[None, "B", "C"], months=[12, None, 36])
    diff = compare_table("cases", cases(), new, ["case_id"])
    assert diff.changed == {"C-1": ["court"], "C-2": ["months"], "C-3": ["court"]}


def test_a_type_change_alone_is_not_a_change():
    old = cases()
    new = cases().astype({"months": "int64", "court": object})
    assert compare_table("cases", old, new, ["case_id"]).empty


def test_dates_read_back_from_duckdb_compare_equal_to_fresh_ones():
    fresh = pd.DataFrame({"case_id": ["C-1"], "day": pd.to_datetime(["2024-05-01"])})
    stored = pd.DataFrame(
        {"case_id": ["C-1"], "day": pd.Series([pd.Timestamp("2024-05-01").date()])}
    ).astype({"day": pd.ArrowDtype(pa.date32())})
    assert compare_table("cases", stored, fresh, ["case_id"]).empty


def test_a_composite_key_joins_its_parts_with_plus():
    old = pd.DataFrame({"case_id": ["C-1"], "stage": ["verdict"], "x": ["a"]})
    new = pd.DataFrame({"case_id": ["C-1", "C-1"], "stage": ["verdict", "appeal"], "x": ["b", "c"]})
    diff = compare_table("case_stages", old, new, ["case_id", "stage"])
    assert diff.added == ["C-1+appeal"]
    assert diff.changed == {"C-1+verdict": ["x"]}
