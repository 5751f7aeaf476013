"""The refresh recipe: extract -> validate -> transform -> diff -> write -> derive -> build ->
publish -> release, one progress line per stage; then record the run."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import (
    addresses,
    continuity,
    csv_safety,
    diff,
    extract,
    publish,
    release,
    transform,
    validate,
)
from etl.contract import by_name
from etl.problems import Problem, errors
from etl.settings import public_path, rejects_report, runs_log, without_paths

# progress(stage, what it did, seconds it took): one call when each stage ends.
Progress = Callable[[str, str, float], None]
PROBLEM_COLUMNS = ["severity", "file", "row", "field", "record_id", "reason"]


@dataclass
class RefreshResult:
    outcome: str  # published | dry_run | rejected | failed
    problems: list[Problem] = field(default_factory=list)
    row_counts_in: dict[str, int] = field(default_factory=dict)
    row_counts_out: dict[str, int] = field(default_factory=dict)
    changes: list[diff.TableDiff] = field(default_factory=list)
    data_version: str = ""
    message: str = ""
    report: Path | None = None  # every problem, when there were any

    @property
    def ok(self) -> bool:
        return self.outcome in ("published", "dry_run")

    @property
    def rejected_rows(self) -> dict[str, int]:
        """Records (data rows) with at least one error, per table; file-level errors are not rows."""
        out: dict[str, set[int]] = {}
        for p in errors(self.problems):
            if p.file.endswith(".csv") and p.row >= 2:
                out.setdefault(by_name(p.file).table, set()).add(p.row)
        return {t: len(rows) for t, rows in out.items()}


def run(
    data_dir: Path,
    db: Path,
    dry_run: bool = False,
    progress: Progress | None = None,
    allow_removal: bool = False,
) -> RefreshResult:
    """allow_removal: the maintainer means to delete every record of a missing or emptied file."""
    started = _now()
    try:
        publish.check_target(db, data_dir)
    except publish.PublishError as exc:
        # Not our file to write beside: no lock, no log, no report there either.
        return RefreshResult("failed", message=str(exc))
    try:
        with publish.refresh_lock(db):
            publish.remove_stale_builds(db)
            for stale in db.parent.glob(f".{release.path_for(db).name}.build-*"):
                stale.unlink(missing_ok=True)  # a release zip cut short by a kill
            addresses.remove_stale(db)
            result = _run_locked(data_dir, db, dry_run, _Clock(progress), started, allow_removal)
            result.report = write_problems(rejects_report(db), result.problems)
    except (publish.PublishError, duckdb.Error, OSError) as exc:
        # Fail closed: the build file is gone (publish.build cleans up) and nothing was swapped.
        result = RefreshResult("failed", message=f"{type(exc).__name__}: {exc}")
    if result.outcome in ("rejected", "failed"):
        try:
            publish.append_run_log(runs_log(db), _run_record(started, result))
        except OSError as exc:
            # A read-only target: say why the run failed, and that it is not in the log either.
            result.message += f" (the run log could not be written either: {exc.strerror})"
    return result


class _Clock:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress or (lambda stage, detail, seconds: None)
        self.last = time.perf_counter()

    def done(self, stage: str, detail: str) -> None:
        now = time.perf_counter()
        self.progress(stage, detail, now - self.last)
        self.last = now


def _run_locked(
    data_dir: Path, db: Path, dry_run, clock: _Clock, started, allow_removal=False
) -> RefreshResult:
    if not data_dir.is_dir():
        return RefreshResult("failed", message=f"data folder not found: {data_dir}")
    raw = extract.run(data_dir)
    counts_in = {by_name(name).table: len(frame) for name, frame in raw.frames.items()}
    clock.done("extract", f"{len(raw.checksums)} files, {sum(counts_in.values()):,} rows")
    # Read first: records that would vanish and reused ids are errors like any other.
    previous = diff.previous_tables(db)
    skipped: list[int] = []
    earlier_runs = publish.read_run_log(runs_log(db), skipped)
    problems = raw.problems + validate.run(raw.frames)
    problems += continuity.check(previous, raw.frames, raw.unreadable, allow_removal, raw.missing)
    problems += [
        Problem(runs_log(db).name, n, "", "run log line is not a run record: skipped", "warning")
        for n in skipped
    ]
    version = data_version(raw.checksums)
    n_err = len(errors(problems))
    clock.done("validate", f"{n_err} errors, {len(problems) - n_err} warnings")
    if n_err:
        return RefreshResult(
            "rejected",
            problems,
            counts_in,
            data_version=version,
            message=f"{n_err} errors: nothing published, the previous database is untouched",
        )
    tables = transform.run(raw.frames)
    counts_out = {name: len(frame) for name, frame in tables.items()}
    clock.done("transform", f"{len(tables)} tables, {sum(counts_out.values()):,} rows")
    if previous.note:
        problems = [*problems, Problem(db.name, 0, "", previous.note, "warning")]
    changes = diff.compare(previous.tables, tables)
    n_changed = sum(len(d.added) + len(d.removed) + len(d.changed) for d in changes)
    clock.done("diff", f"{n_changed:,} records differ from the published database")
    result = RefreshResult(
        "dry_run" if dry_run else "published", problems, counts_in, counts_out, changes, version
    )
    if dry_run:
        result.message = "dry run: nothing published"
        return result
    result.message = f"published {db}"
    run_row = _run_record(started, result, raw.checksums)
    runs = publish.runs_frame(publish.merged_runs(db, earlier_runs, run_row))
    meta = {
        "data_version": version,
        "built_at": run_row["finished_at"],
        "data_dir": public_path(data_dir),
    }
    changed = diff.changes_frame(changes).assign(run_id=run_row["run_id"])
    tmp = publish.build(db, tables, meta, runs, changed, stage_done=clock.done)
    clock.done("build", f"checked {tmp.name}")
    try:
        # Written before the swap: a release that cannot be written fails the whole refresh,
        # so the database and its files are published together or not at all.
        released = {**tables, **addresses.derived_tables(tmp)}
        staged = addresses.stage(db, released, version)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    clock.done("release", f"wrote the files of version {version}")
    publish.swap(tmp, db)
    publish.append_run_log(runs_log(db), run_row)
    clock.done("publish", f"swapped into {db}")
    try:
        folder = addresses.publish(db, staged, changed, run_row["finished_at"], run_row["run_id"])
        result.message += f", release {release.path_for(db)}, addresses {folder}"
        clock.done("addresses", f"latest is {version}")
    except OSError as exc:
        # Only renames and link swaps are left: said, not undone (the database is published).
        result.message += f"; release addresses not updated: {exc}"
        clock.done("addresses", f"not updated: {exc}")
    return result


def write_problems(path: Path, problems: list[Problem]) -> Path | None:
    """All problems of this run, sorted, in a CSV a maintainer can filter; removed when none."""
    if not problems:
        path.unlink(missing_ok=True)
        return None
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PROBLEM_COLUMNS)
        for p in sorted(problems, key=lambda p: (p.severity, p.file, p.row, p.field, p.reason)):
            writer.writerow([csv_safety.cell(getattr(p, c)) for c in PROBLEM_COLUMNS])
    tmp.replace(path)
    return path


def data_version(checksums: dict[str, str]) -> str:
    """Same inputs, same version: a short hash over the input files' checksums."""
    digest = hashlib.sha256(
        "".join(f"{k}:{v};" for k, v in sorted(checksums.items())).encode()
    ).hexdigest()
    return digest[:12]


def _run_record(
    started: dt.datetime, result: RefreshResult, checksums: dict[str, str] | None = None
) -> dict:
    n_err = len(errors(result.problems))
    return {
        "run_id": uuid.uuid4().hex[:12],
        "started_at": started.isoformat(),
        "finished_at": _now().isoformat(),
        "outcome": result.outcome,
        "data_version": result.data_version,
        "input_checksums": checksums or {},
        "row_counts": result.row_counts_out or result.row_counts_in,
        "rejected": sum(result.rejected_rows.values()),
        "errors": n_err,
        "warnings": len(result.problems) - n_err,
        "changes": {
            d.table: {"added": len(d.added), "removed": len(d.removed), "changed": len(d.changed)}
            for d in result.changes
        },
        # Published in etl_runs: the file names stay, the server's folders do not.
        "message": without_paths(result.message),
    }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
