"""Stage 6 - stable addresses: every published version's files, and `latest`, under static/.

The dashboard serves this folder as /app/static/ (Streamlit static serving; dashboard/static
is a link to it), so a reader can fetch /app/static/release/latest/cases.csv or
/app/static/release/<version>/cases.parquet. Layout, beside the database:

    monitor-static/
      feed.xml                     Atom feed of added and changed records (etl/feed.py)
      release/
        index.json                 every published version, newest first, with its counts
        CHANGELOG.md               what each release added, changed and removed
        latest -> <version>        a link, swapped atomically
        <version> -> .store/<version>-<digest>
        .store/<version>-<digest>/ the files: tables as CSV and Parquet, datapackage.json,
                                   monitor-release.zip, licence, citation
        changes/<run id>.csv       what each release changed (the refresh's diff)

Why two links: a reader never gets a half-written file. A refresh writes a whole new folder
under .store (stage(), before the database is swapped: if writing fails, the refresh fails
and publishes nothing), renames it into place, then swaps the `<version>` and `latest` links
with os.replace (atomic). A download already open keeps reading the folder it started in.
Every link is a bare name inside release/, so nothing under static/ points outside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from etl import changelog, datapackage, feed, release

RELEASE = "release"
STORE = ".store"
LATEST = "latest"
INDEX = "index.json"
CHANGES = "changes"
ZIP = "monitor-release.zip"
# Releases kept in the index: each is a few MB today; the older ones stay on disk.
INDEXED = 200


@dataclass(frozen=True)
class Staged:
    folder: Path  # the complete new folder, not yet reachable at any address
    version: str
    digest: str  # of the files' bytes: same tables and version, same digest


def static_dir(db: Path) -> Path:
    """The folder served as /app/static/, beside the database and named after it."""
    return db.with_name(f"{db.stem}-static")


def release_dir(db: Path) -> Path:
    return static_dir(db) / RELEASE


def remove_stale(db: Path) -> None:
    """Folders of a refresh killed while it was writing them (the lock says none is running)."""
    store = release_dir(db) / STORE
    if store.is_dir():
        for stale in store.glob(".build-*"):
            shutil.rmtree(stale, ignore_errors=True)
    for stale in release_dir(db).glob(".*.tmp-*"):
        stale.unlink(missing_ok=True)
    for stale in static_dir(db).glob(".*.tmp-*"):
        stale.unlink(missing_ok=True)


def stage(db: Path, tables: dict[str, pd.DataFrame], version: str) -> Staged:
    """Write every file of this version into a fresh hidden folder; raises when it cannot."""
    store = release_dir(db) / STORE
    store.mkdir(parents=True, exist_ok=True)
    folder = store / f".build-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        with open(folder / ZIP, "wb") as handle:
            small = release.write_archive(handle, tables, version, keep_in=folder)
        for name, data in small.items():
            (folder / name).write_bytes(data)
        with duckdb.connect() as con:
            for name, frame in tables.items():
                release.write_parquet(con, frame, folder / f"{name}.parquet")
            release.write_parquet(con, release.meta_frame(version), folder / "meta.parquet")
        digest = folder_digest(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Staged(folder, version, digest)


def derived_tables(built: Path) -> dict[str, pd.DataFrame]:
    """The derived tables the release carries (etl/datapackage.py RELEASED_DERIVED), read
    from the database file just built and checked, before it is swapped in."""
    out = {}
    with duckdb.connect(str(built), read_only=True) as con:
        for name, table in datapackage.derived_contracts().items():
            # Names come from the contracts, never from input. HUGEINT sums become BIGINT:
            # pandas would read them as floats ("12.0"), which no integer column may hold.
            columns = ", ".join(
                f'CAST("{c.name}" AS BIGINT) AS "{c.name}"'
                if c.type == "HUGEINT"
                else f'"{c.name}"'
                for c in table.columns
            )
            arrow = con.sql(f'SELECT {columns} FROM "{name}" ORDER BY ALL').to_arrow_table()
            out[name] = arrow.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    return out


def folder_digest(folder: Path) -> str:
    """Short hash over every file's name and bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(2**20), b""):
                digest.update(block)
    return digest.hexdigest()[:12]


def publish(
    db: Path, staged: Staged, changes: pd.DataFrame, published_at: str, run_id: str
) -> Path:
    """Make the staged folder this version's and the latest: renames and link swaps only.

    changes: the refresh's diff (etl/diff.py changes_frame), kept for the feed and changelog.
    """
    root = release_dir(db)
    store_name = f"{staged.version}-{staged.digest}"
    final = root / STORE / store_name
    if final.exists():
        # Same tables, same version: the published folder already holds these very bytes.
        shutil.rmtree(staged.folder, ignore_errors=True)
    else:
        os.replace(staged.folder, final)
    index = read_index(db)
    latest = next(iter(index.get("releases", [])), {})
    if latest.get("folder") != store_name:
        (root / CHANGES).mkdir(exist_ok=True)
        _write_atomic(root / CHANGES / f"{run_id}.csv", release.table_csv(changes))
    _point(root / staged.version, f"{STORE}/{store_name}")
    _point(root / LATEST, staged.version)
    releases = _add_release(index, staged.version, store_name, changes, published_at, run_id)
    _write_atomic(root / INDEX, (json.dumps(releases, indent=2) + "\n").encode())
    _write_atomic(root / "CHANGELOG.md", changelog.markdown(changelog.entries(root)).encode())
    _write_atomic(static_dir(db) / "feed.xml", feed.atom(root))
    _link_atomic(final / ZIP, release.path_for(db))
    _fsync(root)
    return root / staged.version


def read_index(db: Path) -> dict:
    """{"latest": version, "releases": [newest first]}; empty when nothing was published."""
    path = release_dir(db) / INDEX
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"latest": None, "releases": []}
    return data if isinstance(data, dict) else {"latest": None, "releases": []}


def _add_release(
    index: dict,
    version: str,
    store_name: str,
    changes: pd.DataFrame,
    published_at: str,
    run_id: str,
) -> dict:
    """A new entry unless the latest already is this folder (a refresh that changed nothing)."""
    releases = [r for r in index.get("releases", []) if isinstance(r, dict)]
    if not releases or releases[0].get("folder") != store_name:
        counts = (
            changes.groupby(["table_name", "change"]).size().unstack(fill_value=0).to_dict("index")
            if len(changes)
            else {}
        )
        entry = {
            "version": version,
            "published_at": published_at,
            "run_id": run_id,
            "folder": store_name,
            "changes": {t: {k: int(v) for k, v in c.items()} for t, c in sorted(counts.items())},
        }
        releases = [entry, *releases][:INDEXED]
    return {"latest": version, "releases": releases}


def _point(link: Path, target: str) -> None:
    """Swap a symbolic link atomically: a new link under a temporary name, renamed over it."""
    tmp = link.with_name(f".{link.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _link_atomic(source: Path, target: Path) -> None:
    """The release zip at its old address too (build/monitor-release.zip): a hard link, or a
    copy where the filesystem has none, swapped in under a temporary name."""
    tmp = target.with_name(f".{target.name}.build-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _fsync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
