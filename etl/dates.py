"""Partial dates ('2024', '2024-05', '2024-05-17') read whole columns at a time, in numpy.

validate.py and transform.py both need the first (and validate the last) day of a partial
date. Parsing a million dates with pandas' strptime takes seconds; here the digits are cut
out with Arrow and the calendar arithmetic done with numpy's datetime64 (the proleptic
Gregorian calendar, the same as pandas'), in a fraction of that.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import columns

# ASCII digits only: a date is written as ISO 8601 prints it.
SHAPE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
UNIT = "datetime64[us]"  # what pandas.to_datetime gives for dates, kept for the published types
NAT = np.iinfo(np.int64).min  # NaT as an integer
DIGITS_AT = np.array([0, 1, 2, 3, 5, 6, 8, 9])  # YYYY-MM-DD
DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def shaped(values: pd.Series) -> pd.Series:
    """True where the text has the shape YYYY, YYYY-MM or YYYY-MM-DD."""
    found = pc.match_substring_regex(_arrow(values), f"^(?:{SHAPE})$").fill_null(False)
    return pd.Series(np.asarray(found), index=values.index)


def first_day(values: pd.Series, shape: pd.Series | None = None) -> pd.Series:
    """'2024' -> 2024-01-01, '2024-05' -> 2024-05-01, '2024-05-17' as is; NaT if empty or invalid.

    shape: shaped(values), when the caller has it already.
    """
    return _day(values, last=False, shape=shape)


def last_day(values: pd.Series, shape: pd.Series | None = None) -> pd.Series:
    """'2024' -> 2024-12-31, '2024-05' -> 2024-05-31, '2024-05-17' as is; NaT if empty or invalid."""
    return _day(values, last=True, shape=shape)


def _day(values: pd.Series, last: bool, shape: pd.Series | None) -> pd.Series:
    ok = (shaped(values) if shape is None else shape).to_numpy(dtype=bool, copy=True)
    # A shaped value is ASCII with its digits at fixed places: read them from the Arrow buffer.
    length = np.zeros(len(values), dtype=np.int64)
    digits = np.zeros((len(values), len(DIGITS_AT)), dtype=np.int64)
    for at, offsets, data in columns.chunks(values):
        rows = np.flatnonzero(ok[at : at + len(offsets) - 1])
        if len(rows):
            # '2024' has no month: positions past its end read the next value, then are ignored.
            where = np.minimum(offsets[rows, None] + DIGITS_AT, len(data) - 1)
            digits[at + rows] = data[where] - ord("0")
            length[at + rows] = offsets[rows + 1] - offsets[rows]
    year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    month = np.where(length >= 7, digits[:, 4] * 10 + digits[:, 5], 12 if last else 1)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days_in_month = DAYS_IN_MONTH[np.clip(month, 1, 12) - 1] + (leap & (month == 2))
    day = np.where(length == 10, digits[:, 6] * 10 + digits[:, 7], days_in_month if last else 1)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month)
    micros = _days_since_epoch(year, month, day) * 86_400_000_000
    return pd.Series(np.where(ok, micros, NAT).view(UNIT), index=values.index)


def _days_since_epoch(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days from 1970-01-01 in the proleptic Gregorian calendar, in integer arithmetic.

    H. Hinnant's days_from_civil (https://howardhinnant.github.io/date_algorithms.html).
    """
    y = year - (month <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def _arrow(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    return columns.arrow(values)
