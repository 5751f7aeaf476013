"""Stage 4b - derived tables: each etl/sql/<table>.sql built in the new file and held to its contract.

A derived table is one SELECT over the published tables (etl/sql/<table>.sql) and its
contract beside it (etl/sql/<table>.toml: grain, columns with types and meanings, checks).
`build()` stores the shared macros (etl/macros.py), then creates every table in an order
where each comes after the tables it reads, and checks it at once: the columns are exactly
the contract's, the unique key is unique, the not-null columns are filled, and every stated
relation holds. A table that breaks its contract stops the refresh; nothing is published.
data/README.md describes every table from the same contracts (etl/docs.py). How to add one:
etl/sql/README.md.
"""

from __future__ import annotations

import graphlib
import importlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl import macros

SQL_DIR = Path(__file__).parent / "sql"
CONTRACT_KEYS = {"description", "grain", "reads", "columns", "checks", "select_from"}
CHECK_KEYS = {"unique", "not_null", "holds"}


class ContractError(RuntimeError):
    """A derived table does not meet its contract, or a contract is malformed."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # as DuckDB names it (information_schema.columns.data_type)
    description: str


@dataclass(frozen=True)
class Holds:
    what: str  # the relation in words, shown when it fails
    sql: str  # a query over the built tables giving one row, one column: true


@dataclass(frozen=True)
class DerivedTable:
    name: str
    description: str
    grain: str
    reads: tuple[str, ...]
    columns: tuple[Column, ...]
    unique: tuple[str, ...]
    not_null: tuple[str, ...]
    holds: tuple[Holds, ...]
    select: str
    select_from: str | None = None  # "module:function" generating the SELECT, if no .sql file

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def load(folder: Path = SQL_DIR) -> tuple[DerivedTable, ...]:
    """Every contract in folder, each after the derived tables it reads."""
    tables = {path.stem: _table(path) for path in sorted(folder.glob("*.toml"))}
    for sql in folder.glob("*.sql"):
        if sql.stem not in tables:
            raise ContractError(f"{sql}: no contract beside it ({sql.stem}.toml)")
    order = graphlib.TopologicalSorter(
        {name: [r for r in t.reads if r in tables] for name, t in sorted(tables.items())}
    )
    return tuple(tables[name] for name in order.static_order())


def _table(path: Path) -> DerivedTable:
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(spec) - CONTRACT_KEYS
    checks = spec.get("checks", {})
    unknown |= set(checks) - CHECK_KEYS
    missing = {"description", "grain", "reads", "columns"} - set(spec)
    if unknown or missing:
        raise ContractError(f"{path}: unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    for name, c in spec["columns"].items():
        if not isinstance(c, dict) or set(c) != {"type", "description"}:
            raise ContractError(f"{path}: column {name}: give type and description, nothing else")
    for rule in checks.get("holds", ()):
        if set(rule) != {"what", "sql"}:
            raise ContractError(
                f"{path}: checks.holds: unknown keys {sorted(set(rule) - {'what', 'sql'})}, "
                "give what and sql"
            )
    columns = tuple(
        Column(name, c["type"], c["description"]) for name, c in spec["columns"].items()
    )
    names = {c.name for c in columns}
    for key in ("unique", "not_null"):
        if not set(checks.get(key, ())) <= names:
            raise ContractError(f"{path}: checks.{key} names a column not in [columns]")
    return DerivedTable(
        name=path.stem,
        description=spec["description"],
        grain=spec["grain"],
        reads=tuple(spec["reads"]),
        columns=columns,
        unique=tuple(checks.get("unique", ())),
        not_null=tuple(checks.get("not_null", ())),
        holds=tuple(Holds(h["what"], h["sql"]) for h in checks.get("holds", ())),
        select=_select(path, spec.get("select_from")),
        select_from=spec.get("select_from"),
    )


def _select(contract: Path, select_from: str | None) -> str:
    """The table's SELECT: its .sql file, or (select_from = "module:function") the SQL a
    declaration generates, such as the explorer's facet counts."""
    sql = contract.with_suffix(".sql")
    if select_from is None:
        if not sql.exists():
            raise ContractError(f"{contract}: no {sql.name} and no select_from")
        return sql.read_text(encoding="utf-8")
    if sql.exists():
        raise ContractError(f"{contract}: both {sql.name} and select_from")
    module, _, function = select_from.partition(":")
    return getattr(importlib.import_module(module), function)()


TABLES = load()


def build(
    con: duckdb.DuckDBPyConnection, tables: tuple[DerivedTable, ...] | None = None
) -> dict[str, int]:
    """Store the macros, then create and check every derived table (default: every contract
    in etl/sql); return their row counts."""
    macros.create(con)
    counts = {}
    for table in TABLES if tables is None else tables:
        # Names come from the contracts' file names; no value is ever put into this SQL.
        con.execute(f'CREATE TABLE "{table.name}" AS {table.select}')
        counts[table.name] = check(con, table)
    return counts


def check(con: duckdb.DuckDBPyConnection, table: DerivedTable) -> int:
    """Raise ContractError naming the table and the broken check; return the row count."""
    name = table.name
    found = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [name],
    ).fetchall()
    wanted = [(c.name, c.type) for c in table.columns]
    if found != wanted:
        raise ContractError(f"{name}: columns {found} differ from its contract {wanted}")
    filled = ", ".join(f'count("{c}")' for c in table.not_null) or "0"
    # fetchall, not fetchone: duckdb 2 keeps a result open until it is read to the end, and an
    # open result blocks the next register() on this connection (publish.write_table).
    ((rows, *counts),) = con.execute(f'SELECT count(*), {filled} FROM "{name}"').fetchall()
    for column, n in zip(table.not_null, counts, strict=False):
        if n != rows:
            raise ContractError(f"{name}.{column}: {rows - n} of {rows} rows are empty")
    if table.unique:
        key = ", ".join(f'"{c}"' for c in table.unique)
        ((repeated,),) = con.execute(
            f'SELECT count(*) FROM (SELECT {key} FROM "{name}" GROUP BY ALL HAVING count(*) > 1)'
        ).fetchall()
        if repeated:
            raise ContractError(f"{name}: {repeated} values of ({key}) occur more than once")
    for rule in table.holds:
        ((ok,),) = con.execute(rule.sql).fetchall()
        if ok is not True:
            raise ContractError(f"{name}: it does not hold that {rule.what}")
    return rows
