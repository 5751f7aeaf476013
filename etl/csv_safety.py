"""CSV injection: a cell a spreadsheet would run as a formula is written with a leading quote.

OWASP's "CSV Injection" list: a cell starting with '=', '+', '-', '@', a tab or a carriage
return is a formula to Excel, LibreOffice and Google Sheets. The contract refuses such text
in every curated field (etl/validate.py); every CSV the project writes (release, explorer
export, the problems report) also neutralises it, for any value that reaches it another way.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The same test in DuckDB SQL (for COPY ... TO), on one text column.
_SQL_FORMULA = r"'^[=+\-@\t\r]'"


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that starts like a formula prefixed with "'"."""
    out = frame
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            continue
        text = values.astype("string")
        risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
        if risky.any():
            if out is frame:
                out = frame.copy()
            out[column] = values.where(~risky, "'" + text)
    return out


def cell(value: object) -> object:
    """One value, neutralised the same way (for csv.writer rows)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def sql_text(column: str) -> str:
    """A SELECT expression writing the (quoted) text column neutralised, under its own name."""
    return (
        f'CASE WHEN regexp_matches("{column}", {_SQL_FORMULA}) '
        f'THEN \'\'\'\' || "{column}" ELSE "{column}" END AS "{column}"'
    )
