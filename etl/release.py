"""Stage 5 - the release's files: one CSV (and Parquet) per published table, the data
dictionary, licence, citation, datapackage.json, and the zip of them.

Written by a refresh into the release folder beside the database (etl/addresses.py puts it
at its stable addresses and at build/monitor-release.zip), never on a dashboard click.
Same inputs give the same bytes: entries are sorted, their timestamps fixed and the
build time left out, so a journalist who cites a data version can check the file.
"""

from __future__ import annotations

import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd

from etl import citation, csv_safety, datapackage
from etl.settings import DATA_DIR

FOLDER = "monitor-release"
FAST_COMPRESSION_ABOVE = 64 * 2**20  # bytes of one CSV
# A fixed timestamp (the earliest a zip can hold) keeps the archive byte-for-byte stable.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
TITLE = "Central Asia Recruitment Monitor"

LICENCE = """\
Data: Creative Commons Attribution 4.0 International (CC BY 4.0)
https://creativecommons.org/licenses/by/4.0/

You may share and adapt this data for any purpose, provided you give credit:
cite "{title}, data version {version}".

The sources listed in sources.csv remain the work of their publishers: this release
holds only their addresses and our own summaries of them, never their text.
"""

CITATION = """\
How to cite this release

  {title}, data version {version}. Licensed CC BY 4.0.

The data version is a hash of the curated input files: the same version always
means the same records. It is shown in the dashboard next to every export.
"""


def path_for(db: Path) -> Path:
    """Where the release of a database lives: beside it, named after it."""
    return db.with_name(f"{db.stem}-release.zip")


def small_files(
    tables: dict[str, pd.DataFrame], version: str, dictionary: Path | None = None
) -> dict[str, bytes]:
    """Every file of the release that is not a table: meta, dictionary, licence, citations,
    and the Frictionless descriptor of the tables (datapackage.json)."""
    dictionary = dictionary or DATA_DIR / "README.md"
    return {
        "meta.csv": table_csv(meta_frame(version)),
        "README.md": dictionary.read_bytes() if dictionary.exists() else b"",
        "LICENCE.txt": LICENCE.format(title=TITLE, version=version).encode(),
        "CITATION.txt": CITATION.format(title=TITLE, version=version).encode(),
        "CITATION.cff": citation.for_release(version).encode(),
        "datapackage.json": datapackage.to_json(datapackage.package(tables, version)),
    }


def meta_frame(version: str) -> pd.DataFrame:
    return pd.DataFrame({"key": ["data_version"], "value": [version]})


def write_archive(
    handle: BinaryIO,
    tables: dict[str, pd.DataFrame],
    version: str,
    dictionary: Path | None = None,
    keep_in: Path | None = None,
) -> dict[str, bytes]:
    """Write the archive into an open binary file, entries in name order.

    The table CSVs are written by DuckDB (many times faster than pandas at a million rows)
    one entry ahead in a worker thread, so that writing the next CSV overlaps compressing
    the current one. keep_in: a folder where each table's CSV is also kept as a file (the
    release's stable addresses); the small files are returned for the caller to keep too.
    """
    small = small_files(tables, version, dictionary)
    names = sorted({f"{name}.csv" for name in tables} | set(small))
    with (
        tempfile.TemporaryDirectory() as folder,
        duckdb.connect() as con,
        ThreadPoolExecutor(max_workers=1) as ahead,
        zipfile.ZipFile(handle, "w") as archive,
    ):
        queue = [name for name in names if name not in small]
        pending = {}

        def start_next() -> None:
            # One CSV ahead at a time: at a million rows each one is hundreds of MB.
            if queue:
                name = queue.pop(0)
                path = (keep_in or Path(folder)) / name
                pending[name] = ahead.submit(
                    _duckdb_csv, con, tables[name[:-4]], path, keep_in is not None
                )

        start_next()
        for name in names:
            if name in small:
                data = small[name]
            else:
                data = pending.pop(name).result()
                start_next()
            info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # Deflate's default level costs ~15 s per GB on one core; a table that large is
            # compressed at level 1 instead (a third of the time, a larger file). Smaller
            # entries - today's whole release - keep the default, and their bytes.
            level = 1 if len(data) > FAST_COMPRESSION_ABOVE else None
            archive.writestr(info, data, compresslevel=level)
    return small


def _duckdb_csv(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, path: Path, keep: bool = False
) -> bytes:
    """The same CSV as table_csv (header, ',' and '\\n', ISO dates, empty for missing), except
    that DuckDB also quotes a value holding a carriage return or starting with '#'."""
    _duckdb_copy(con, frame, path, "(HEADER, DELIMITER ',', NEW_LINE '\\n')")
    data = path.read_bytes()
    if not keep:
        path.unlink()
    return data


def write_parquet(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, path: Path) -> None:
    """The table as Parquet: typed (dates as DATE, counts as integers), read by pandas or R."""
    _duckdb_copy(con, frame, path, "(FORMAT parquet, COMPRESSION zstd)")


def _duckdb_copy(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, path: Path, options: str
) -> None:
    cursor = con.cursor()
    try:
        cursor.register("frame_out", frame)
        columns = ", ".join(
            f'CAST("{c}" AS DATE) AS "{c}"'
            if pd.api.types.is_datetime64_any_dtype(frame[c])
            # A text cell that starts like a formula gets a leading quote (etl/csv_safety.py).
            else csv_safety.sql_text(c)
            if pd.api.types.is_string_dtype(frame[c])
            else f'"{c}"'
            for c in frame.columns
        )
        # The path is our own release file, never input; COPY takes no bound parameter for it.
        target = str(path).replace("'", "''")
        cursor.execute(f"COPY (SELECT {columns} FROM frame_out) TO '{target}' {options}")
    finally:
        cursor.close()


def table_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with ISO dates; partial dates keep their *_precision column beside them."""
    safe = csv_safety.neutralised(frame)
    return safe.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n").encode("utf-8")


def version_of(archive: Path) -> str | None:
    """The data version a release was built from, or None when there is no readable release."""
    try:
        with zipfile.ZipFile(archive) as z:
            meta = pd.read_csv(z.open(f"{FOLDER}/meta.csv"), dtype=str)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return None
    values = dict(zip(meta["key"], meta["value"], strict=True))
    return values.get("data_version")
