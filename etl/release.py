"""Stage 5 - the downloadable release: one CSV per published table, the data dictionary, licence.

Written by a refresh after a successful publish, next to the database
(build/monitor.duckdb -> build/monitor-release.zip), never on a dashboard click.
Same inputs give the same bytes: entries are sorted, their timestamps fixed and the
build time left out, so a journalist who cites a data version can check the file.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pandas as pd

from etl.settings import DATA_DIR

FOLDER = "monitor-release"
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


def write(db: Path, tables: dict[str, pd.DataFrame], version: str) -> Path:
    """Build the zip in a temporary file and swap it in, so a download never gets half a file."""
    target = path_for(db)
    tmp = target.with_name(f".{target.name}.build-{os.getpid()}")
    try:
        tmp.write_bytes(build(tables, version))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def build(tables: dict[str, pd.DataFrame], version: str, dictionary: Path | None = None) -> bytes:
    """The release archive as bytes: deterministic for the same tables and version."""
    dictionary = dictionary or DATA_DIR / "README.md"
    entries = {f"{name}.csv": table_csv(tables[name]) for name in sorted(tables)}
    entries["meta.csv"] = table_csv(pd.DataFrame({"key": ["data_version"], "value": [version]}))
    entries["README.md"] = dictionary.read_bytes() if dictionary.exists() else b""
    entries["LICENCE.txt"] = LICENCE.format(title=TITLE, version=version).encode()
    entries["CITATION.txt"] = CITATION.format(title=TITLE, version=version).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return buffer.getvalue()


def table_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with ISO dates; partial dates keep their *_precision column beside them."""
    return frame.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n").encode("utf-8")


def version_of(archive: Path) -> str | None:
    """The data version a release was built from, or None when there is no readable release."""
    try:
        with zipfile.ZipFile(archive) as z:
            meta = pd.read_csv(z.open(f"{FOLDER}/meta.csv"), dtype=str)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return None
    values = dict(zip(meta["key"], meta["value"], strict=True))
    return values.get("data_version")
