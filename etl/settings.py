"""Where things live: the curated data folder and the published database."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = ROOT / "build" / "monitor.duckdb"


def db_path(override: str | os.PathLike | None = None) -> Path:
    """--db beats MONITOR_DB beats build/monitor.duckdb (issue #2 contract)."""
    if override:
        return Path(override)
    env = os.environ.get("MONITOR_DB")
    return Path(env) if env else DEFAULT_DB


def runs_log(db: Path) -> Path:
    """Refresh history, kept beside the database so failed runs are remembered too."""
    return db.with_name(db.stem + ".runs.jsonl")
