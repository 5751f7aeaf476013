"""Print a content hash of every table in a published database: same hashes, same content.

Used to show that a change to how tables are built leaves what they hold alone (issue #13):
run it before and after on the same inputs and compare the outputs line by line.

Each line: `table  rows  schema-hash  ordered-hash  unordered-hash`. The ordered hash follows
the stored row order (explore_records is stored newest first on purpose); the unordered one
is the same rows sorted, so a difference only in order shows as such. Values that change on
every refresh by design (run ids, build times, machine paths) are left out and named below.
Stored macros are listed after the tables with a hash of their definition.

    python -m bench.table_hashes build/monitor.duckdb
    python -m bench.table_hashes --build data          # refresh data/ into a temp dir first
    python -m bench.table_hashes --build synthetic:10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
import tempfile
from pathlib import Path

import duckdb

# Per table, the columns that differ on every run of the same inputs.
VOLATILE_COLUMNS = {
    "etl_runs": ("run_id", "started_at", "finished_at", "message"),
    "etl_changes": ("run_id",),
}
# meta rows whose value is a time or a path.
VOLATILE_META = ("built_at", "data_dir")


def table_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY table_name"
        ).fetchall()
    ]
    return [_table_line(con, name) for name in names]


def _table_line(con: duckdb.DuckDBPyConnection, name: str) -> str:
    schema = con.execute(
        "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_index) "
        "FROM duckdb_columns() WHERE table_name = ?",
        [name],
    ).fetchone()[0]
    skip = set(VOLATILE_COLUMNS.get(name, ()))
    # Names come from the database's own catalogue, never from user input.
    quoted = ", ".join(f'"{c}"' for c in sorted(skip))
    exclude = f"EXCLUDE ({quoted})" if skip else ""
    where = ""
    if name == "meta":
        where = "WHERE key NOT IN (" + ", ".join(f"'{k}'" for k in VOLATILE_META) + ")"
    # DuckDB keeps the stored order for a plain projection (preserve_insertion_order).
    row_hashes = con.execute(
        f'SELECT md5(CAST(t AS VARCHAR)) AS h FROM (SELECT * {exclude} FROM "{name}" {where}) t'
    ).fetchnumpy()["h"]
    rows = len(row_hashes)
    ordered = hashlib.md5("".join(row_hashes).encode()).hexdigest()
    unordered = hashlib.md5("".join(sorted(row_hashes)).encode()).hexdigest()
    schema_hash = hashlib.md5(schema.encode()).hexdigest()[:12]
    return f"{name:<22} {rows:>9} {schema_hash} {ordered[:16]} {unordered[:16]}"


def macro_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT function_name, string_agg(coalesce(macro_definition, ''), ';') "
        "FROM duckdb_functions() WHERE NOT internal AND function_type IN ('macro', 'table_macro') "
        "GROUP BY ALL ORDER BY 1"
    ).fetchall()
    return [
        f"macro {name:<16} {hashlib.md5(body.encode()).hexdigest()[:16]}" for name, body in rows
    ]


def hashes(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return "\n".join([*table_lines(con), *macro_lines(con)]) + "\n"


def build(spec: str, work: Path) -> Path:
    """Refresh `spec` (a data folder, or synthetic:<cases>) into work and return the database."""
    from etl import refresh

    if spec.startswith("synthetic:"):
        from testkit import synthetic

        data = work / "data"
        # A fixed day: the synthetic dates are drawn back from it, so two runs write the same files.
        synthetic.write(data, int(spec.split(":", 1)[1]), today=dt.date(2026, 1, 1))
    else:
        data = Path(spec)
    db = work / "db" / "monitor.duckdb"
    result = refresh.run(data, db)
    if not result.ok:
        sys.exit(f"refresh failed: {result.message}")
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.table_hashes", description=__doc__)
    parser.add_argument("db", nargs="?", type=Path, help="a published database")
    parser.add_argument("--build", help="refresh this first: a data folder or synthetic:<cases>")
    args = parser.parse_args(argv)
    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            sys.stdout.write(hashes(build(args.build, Path(tmp))))
    elif args.db:
        sys.stdout.write(hashes(args.db))
    else:
        parser.error("give a database or --build")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
