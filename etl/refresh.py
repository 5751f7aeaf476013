"""The refresh recipe: extract -> validate -> transform -> diff -> publish -> record the run."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from etl import diff, extract, publish, release, transform, validate
from etl.contract import by_name
from etl.problems import Problem, errors
from etl.settings import runs_log


@dataclass
class RefreshResult:
    outcome: str  # published | dry_run | rejected | failed
    problems: list[Problem] = field(default_factory=list)
    row_counts_in: dict[str, int] = field(default_factory=dict)
    row_counts_out: dict[str, int] = field(default_factory=dict)
    changes: list[diff.TableDiff] = field(default_factory=list)
    data_version: str = ""
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome in ("published", "dry_run")


def run(
    data_dir: Path, db: Path, dry_run: bool = False, stage: Callable[[str], None] = lambda s: None
) -> RefreshResult:
    started = _now()
    try:
        with publish.refresh_lock(db):
            publish.remove_stale_builds(db)
            result = _run_locked(data_dir, db, dry_run, stage, started)
    except publish.PublishError as exc:
        result = RefreshResult("failed", message=str(exc))
    if result.outcome in ("rejected", "failed"):
        publish.append_run_log(runs_log(db), _run_record(started, result))
    return result


def _run_locked(data_dir, db, dry_run, stage, started) -> RefreshResult:
    stage("extract")
    if not data_dir.is_dir():
        return RefreshResult("failed", message=f"data folder not found: {data_dir}")
    raw = extract.run(data_dir)
    counts_in = {by_name(name).table: len(frame) for name, frame in raw.frames.items()}
    stage("validate")
    problems = raw.problems + validate.run(raw.frames)
    version = data_version(raw.checksums)
    if errors(problems):
        return RefreshResult(
            "rejected",
            problems,
            counts_in,
            data_version=version,
            message=f"{len(errors(problems))} errors: nothing published, the previous database is untouched",
        )
    stage("transform")
    tables = transform.run(raw.frames)
    counts_out = {name: len(frame) for name, frame in tables.items()}
    stage("diff")
    changes = diff.compare(diff.previous_tables(db), tables)
    result = RefreshResult(
        "dry_run" if dry_run else "published", problems, counts_in, counts_out, changes, version
    )
    if dry_run:
        result.message = "dry run: nothing published"
        return result
    stage("publish")
    result.message = f"published {db}"
    run_row = _run_record(started, result, raw.checksums)
    runs = publish.runs_frame([*publish.read_run_log(runs_log(db)), run_row])
    meta = {"data_version": version, "built_at": run_row["finished_at"], "data_dir": str(data_dir)}
    tmp = publish.build(db, tables, meta, runs)
    publish.swap(tmp, db)
    publish.append_run_log(runs_log(db), run_row)
    stage("release")
    try:
        result.message += f", release {release.write(db, tables, version)}"
    except OSError as exc:
        # The database is already published; a missing zip must not undo that, only be said.
        result.message += f"; release zip not written: {exc}"
    return result


def data_version(checksums: dict[str, str]) -> str:
    """Same inputs, same version: a short hash over the input files' checksums."""
    digest = hashlib.sha256(
        "".join(f"{k}:{v};" for k, v in sorted(checksums.items())).encode()
    ).hexdigest()
    return digest[:12]


def _run_record(
    started: dt.datetime, result: RefreshResult, checksums: dict[str, str] | None = None
) -> dict:
    return {
        "run_id": uuid.uuid4().hex[:12],
        "started_at": started.isoformat(),
        "finished_at": _now().isoformat(),
        "outcome": result.outcome,
        "data_version": result.data_version,
        "input_checksums": checksums or {},
        "row_counts": result.row_counts_out or result.row_counts_in,
        "rejected": len(errors(result.problems)),
        "changes": {
            d.table: {"added": len(d.added), "removed": len(d.removed), "changed": len(d.changed)}
            for d in result.changes
        },
        "message": result.message,
    }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
