"""Download files of the filtered records: exactly the rows shown, stamped with version and filters.

Pure: a DataFrame in, bytes out. The data version and the query string (which reopens
the view: /explore?<filters>) are the last two columns of every row, so the provenance
survives any spreadsheet or script that reads the file; Parquet also carries them as
file metadata, XLSX on a first sheet that also gives the licence and how to cite.
"""

from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from dashboard.queries.explore import EXPORT_COLUMNS
from etl import csv_safety
from etl.datapackage import LICENCE, citation


def export_frame(rows: pd.DataFrame, data_version: str, filters: str) -> pd.DataFrame:
    out = rows.reindex(columns=EXPORT_COLUMNS).reset_index(drop=True)
    out["data_version"] = data_version
    out["filters"] = filters
    return out


def csv_bytes(rows: pd.DataFrame, data_version: str, filters: str) -> bytes:
    # UTF-8 with a byte-order mark: Excel otherwise garbles Cyrillic publisher names.
    # A cell starting like a formula gets a leading quote (OWASP CSV injection).
    frame = csv_safety.neutralised(export_frame(rows, data_version, filters))
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def parquet_bytes(rows: pd.DataFrame, data_version: str, filters: str) -> bytes:
    table = pa.Table.from_pandas(export_frame(rows, data_version, filters), preserve_index=False)
    table = table.replace_schema_metadata(
        {
            **(table.schema.metadata or {}),
            b"data_version": data_version.encode(),
            b"filters": filters.encode(),
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


# A worksheet holds 1,048,576 rows, one of them the header.
XLSX_MAX_ROWS = 1_048_575


def xlsx_bytes(rows: pd.DataFrame, data_version: str, filters: str) -> bytes:
    """A workbook: 'About' (filters, version, licence, how to cite), then 'Records'.

    Every text is written as text: a summary starting with '=', '+', '-' or '@' stays the
    characters typed, never a formula a spreadsheet would run (CSV/formula injection).
    """
    frame = export_frame(rows, data_version, filters)
    if len(frame) > XLSX_MAX_ROWS:
        raise ValueError(f"{len(frame):,} records do not fit in one worksheet; use CSV or Parquet")
    book = Workbook(write_only=True)
    about = book.create_sheet("About")
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    bold = Font(bold=True)
    for label, value in about_rows(len(frame), data_version, filters):
        key = _text_cell(about, label)
        key.font = bold
        about.append([key, _text_cell(about, value)])
    records = book.create_sheet("Records")
    header = []
    for column in frame.columns:
        cell = _text_cell(records, column)
        cell.font = bold
        header.append(cell)
    records.append(header)
    values = frame.astype(object).where(frame.notna(), None)
    for row in values.itertuples(index=False, name=None):
        records.append([_cell(records, v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def about_rows(n: int, data_version: str, filters: str) -> list[tuple[str, str]]:
    return [
        ("Title", "Central Asia Recruitment Monitor: records from the explorer"),
        ("Filters", filters or "none (every record)"),
        ("Reopen this view", f"/explore?{filters}" if filters else "/explore"),
        ("Records", f"{n:,}"),
        ("Data version", data_version),
        ("Licence", f"{LICENCE['title']} (CC BY 4.0), {LICENCE['path']}"),
        ("How to cite", citation(data_version)),
        (
            "Columns",
            "Codes as in the data dictionary (README.md of the release); the last two columns "
            "repeat the data version and the filters on every row.",
        ),
    ]


def _cell(sheet, value):
    if value is None or isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    if isinstance(value, int | float):
        return WriteOnlyCell(sheet, value=value)
    if hasattr(value, "item") and not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value.item())  # numpy numbers
    if isinstance(value, pd.Timestamp):
        return WriteOnlyCell(sheet, value=value.date())
    return _text_cell(sheet, value)


def _text_cell(sheet, value) -> WriteOnlyCell:
    # Control characters cannot be stored in XLSX at all (openpyxl refuses the workbook).
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    # openpyxl stores a string starting with '=' as a formula unless told it is text.
    cell.data_type = "s"
    return cell


def file_name(data_version: str, extension: str) -> str:
    return f"monitor-records-{data_version}.{extension}"
