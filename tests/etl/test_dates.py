"""Partial dates: the first and last day of 'YYYY', 'YYYY-MM' and 'YYYY-MM-DD', whole columns."""

from __future__ import annotations

import pandas as pd
import pytest

from etl import dates


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024-05-17", "2024-05-17", "2024-05-17"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("2024", "2024-01-01", "2024-12-31"),
        ("2000-02-29", "2000-02-29", "2000-02-29"),
        ("1969-12-31", "1969-12-31", "1969-12-31"),
        ("1900-02-29", None, None),
        ("2024-13", None, None),
        ("2024-01-00", None, None),
        ("12/05/2024", None, None),
        ("", None, None),
    ],
)
def test_first_and_last_day_of_a_partial_date(text, first, last):
    values = pd.Series([text])
    assert dates.first_day(values).iloc[0] == pd.Timestamp(first) or first is None
    assert dates.last_day(values).iloc[0] == pd.Timestamp(last) or last is None
    assert pd.isna(dates.first_day(values).iloc[0]) == (first is None)


def test_every_day_of_eight_centuries_reads_as_pandas_reads_it():
    days = pd.Series(pd.date_range("1600-01-01", "2400-12-31", freq="D").strftime("%Y-%m-%d"))
    parsed = dates.first_day(days)
    assert parsed.dtype == "datetime64[us]"
    assert (parsed == pd.to_datetime(days, format="%Y-%m-%d")).all()


def test_only_ascii_digits_make_a_date():
    assert not dates.shaped(pd.Series(["٢٠٢٤"])).iloc[0]
