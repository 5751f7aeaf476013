"""Download files of the filtered records: exactly the rows shown, stamped with version and filters.

Pure: a DataFrame in, bytes out. The data version and the query string (which reopens
the view: /explore?<filters>) are the last two columns of every row, so the provenance
survives any spreadsheet or script that reads the file; Parquet also carries them as
file metadata.
"""

from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.queries.explore import EXPORT_COLUMNS


def export_frame(rows: pd.DataFrame, data_version: str, filters: str) -> pd.DataFrame:
    out = rows.reindex(columns=EXPORT_COLUMNS).reset_index(drop=True)
    out["data_version"] = data_version
    out["filters"] = filters
    return out


def csv_bytes(rows: pd.DataFrame, data_version: str, filters: str) -> bytes:
    # UTF-8 with a byte-order mark: Excel otherwise garbles Cyrillic publisher names.
    frame = export_frame(rows, data_version, filters)
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


def file_name(data_version: str, extension: str) -> str:
    return f"monitor-records-{data_version}.{extension}"
