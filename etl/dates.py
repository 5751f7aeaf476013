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

# ASCII digits only: a date is written as ISO 8601 prints it.
SHAPE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
UNIT = "datetime64[us]"  # what pandas.to_datetime gives for dates, kept for the published types


def shaped(values: pd.Series) -> pd.Series:
    """True where the text has the shape YYYY, YYYY-MM or YYYY-MM-DD."""
    found = pc.match_substring_regex(_arrow(values), f"^(?:{SHAPE})$").fill_null(False)
    return pd.Series(np.asarray(found), index=values.index)


def first_day(values: pd.Series) -> pd.Series:
    """'2024' -> 2024-01-01, '2024-05' -> 2024-05-01, '2024-05-17' as is; NaT if empty or invalid."""
    return _day(values, last=False)


def last_day(values: pd.Series) -> pd.Series:
    """'2024' -> 2024-12-31, '2024-05' -> 2024-05-31, '2024-05-17' as is; NaT if empty or invalid."""
    return _day(values, last=True)


def _day(values: pd.Series, last: bool) -> pd.Series:
    text = _arrow(values)
    ok = shaped(values).to_numpy(dtype=bool, copy=True)
    # Unshaped values are replaced by a harmless date before the digits are read.
    text = pc.if_else(pa.array(ok), text, "2000")
    length = np.asarray(pc.utf8_length(text))
    year = _digits(text, 0, 4)
    month = np.where(length >= 7, _digits(text, 5, 7), 12 if last else 1)
    start = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    days_in_month = ((start + 1).astype("datetime64[D]") - start.astype("datetime64[D]")).astype(
        np.int64
    )
    day = np.where(length == 10, _digits(text, 8, 10), days_in_month if last else 1)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month)
    dates = start.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    return pd.Series(np.where(ok, dates, np.datetime64("NaT")).astype(UNIT), index=values.index)


def _digits(text: pa.Array, start: int, stop: int) -> np.ndarray:
    part = pc.utf8_slice_codeunits(text, start, stop)
    # Too short (e.g. '2024' has no month): the caller ignores these positions.
    part = pc.if_else(pc.equal(pc.utf8_length(part), stop - start), part, "0")
    return np.asarray(pc.cast(part, pa.int64()))


def _arrow(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    return pa.array(values.astype(str), pa.string())
