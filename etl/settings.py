"""Where things live: the curated data folder, the published database and the files beside it."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = ROOT / "build" / "monitor.duckdb"

# How the published database is opened for reading, by the dashboard and by the ETL's diff:
# read-only, no files or URLs reachable from SQL, no extensions, settings frozen
# (see /work/shared/RECIPES.md, "DuckDB 2.0"). One config for every reader, because DuckDB
# refuses a second connection to the same file with a different configuration.
READ_ONLY_CONFIG = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}


def db_path(override: str | os.PathLike | None = None) -> Path:
    """--db beats MONITOR_DB beats build/monitor.duckdb (issue #2 contract)."""
    if override:
        return Path(override)
    env = os.environ.get("MONITOR_DB")
    return Path(env) if env else DEFAULT_DB


def runs_log(db: Path) -> Path:
    """Refresh history, kept beside the database so failed runs are remembered too."""
    return db.with_name(db.stem + ".runs.jsonl")


def rejects_report(db: Path) -> Path:
    """Every problem of the last refresh that found any, with file, row, field and reason."""
    return db.with_name(db.stem + ".problems.csv")


def review_queue(db: Path) -> Path:
    """Feed items that `python -m etl discover` found for a maintainer to turn into records."""
    return db.with_name("review_queue.csv")


# An absolute path in text we publish or show: '/home/x/build/m.duckdb', '/etc/passwd'.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?:[^\s'\"/:]+/)+([^\s'\",;:)]*)")


def public_path(path: Path) -> str:
    """A path as it may be published: relative to the project when inside it, else its name.

    meta.data_dir and etl_runs.message are public: they must not tell a visitor where the
    server keeps its files (issue #16).
    """
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except (ValueError, OSError):
        return path.name


def without_paths(text: str) -> str:
    """The text with every absolute path cut to its last part (the file's name)."""
    return _ABSOLUTE_PATH.sub(lambda m: m[1] or "…", text)
