"""What a refresh changes: records added, removed and changed (with the fields) per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.contract import FILES
from etl.settings import READ_ONLY_CONFIG

KEYED = {c.table: c.key.split("+") for c in FILES}
# Only the columns a maintainer edits are compared: derived ones (timeline_date, country_name...)
# would repeat every edit as noise.
COMPARED = {c.table: c.column_names for c in FILES}
CHANGE_COLUMNS = ["table_name", "record_id", "change", "fields"]
MISSING = "\x00"  # stands for NULL when comparing, so that blanking a field is a change


@dataclass
class TableDiff:
    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> changed fields

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_dict(self) -> dict:
        return {
            "table": self.table,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
        }


@dataclass
class Previous:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    note: str = ""  # why there is nothing to compare with, when there is a file


def previous_tables(db: Path) -> Previous:
    """The published tables as text, or none (with the reason) when there is no readable file."""
    if not db.exists():
        return Previous()
    try:
        with duckdb.connect(str(db), read_only=True, config=READ_ONLY_CONFIG) as con:
            columns = con.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
            ).fetchall()
            present: dict[str, list[str]] = {}
            for table, column in columns:
                present.setdefault(table, []).append(column)
            tables = {}
            for table, keys in KEYED.items():
                cols = [c for c in COMPARED[table] if c in present.get(table, [])]
                if not set(keys) <= set(cols):
                    continue
                # Table and column names come from the contract, never from input.
                select = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in cols)
                # Through Arrow, not .df(): a Python object per value costs gigabytes at 1M.
                arrow = con.sql(f'SELECT {select} FROM "{table}"').to_arrow_table()
                tables[table] = arrow.to_pandas(types_mapper=_as_string)
            return Previous(tables)
    except duckdb.Error as exc:
        return Previous(note=f"the published database could not be read ({exc})")


def compare(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> list[TableDiff]:
    return [compare_table(t, old.get(t), new[t], keys) for t, keys in KEYED.items() if t in new]


def compare_table(
    table: str, old: pd.DataFrame | None, new: pd.DataFrame, keys: list[str]
) -> TableDiff:
    """Vectorised: ids matched with one hash lookup, then one comparison per column, in Arrow."""
    out = TableDiff(table)
    new_ids = _ids(new, keys)
    if old is None:
        out.added = sorted(new_ids.to_pylist())
        return out
    old_ids = _ids(old, keys)
    at_old = pc.index_in(new_ids, value_set=old_ids)
    found = np.asarray(at_old.is_valid())
    out.added = sorted(new_ids.filter(pa.array(~found)).to_pylist())
    hit = np.zeros(len(old_ids), dtype=bool)
    hit[np.asarray(at_old.drop_null(), dtype=np.int64)] = True
    out.removed = sorted(old_ids.filter(pa.array(~hit)).to_pylist())
    compared = COMPARED.get(table) or list(new.columns)
    cols = [c for c in compared if c in new.columns and c in old.columns]
    take = at_old.drop_null()
    both = pa.array(found)
    changed = np.column_stack(
        [_differs(_text(old[c]).take(take), _text(new[c]).filter(both)) for c in cols]
        or [np.zeros(int(found.sum()), dtype=bool)]
    )
    rows = np.flatnonzero(changed.any(axis=1))
    ids = new_ids.filter(both).take(pa.array(rows)).to_pylist()
    for rid, row in sorted(zip(ids, changed[rows], strict=True)):
        out.changed[rid] = [c for c, d in zip(cols, row, strict=True) if d]
    return out


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as the published database prints them: whole numbers bare, dates as YYYY-MM-DD."""
    return pd.DataFrame(
        {c: pd.Series(_text(frame[c]), index=frame.index, dtype="string") for c in frame.columns}
    )


def _text(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    """One column as text, computed in Arrow (pandas' strftime and astype loop in Python)."""
    array = pa.array(values, from_pandas=True)
    if pa.types.is_timestamp(array.type) or pa.types.is_date(array.type):
        # Published dates carry no time: a cast prints YYYY-MM-DD (strftime is far slower).
        return array.cast(pa.date32(), safe=False).cast(pa.large_string())
    if pa.types.is_large_string(array.type):
        return array
    if pa.types.is_floating(array.type):
        # As pandas prints them ('12.0'); the published tables hold none.
        return pa.array(values.astype("string"), pa.large_string(), from_pandas=True)
    return array.cast(pa.large_string())


def _differs(old: pa.Array, new: pa.Array) -> np.ndarray:
    """Changed: one side empty (NULL) and not the other, or both filled and different."""
    both_null = pc.and_(pc.is_null(old), pc.is_null(new))
    differ = pc.fill_null(pc.not_equal(old, new), True)
    return np.asarray(pc.and_(differ, pc.invert(both_null)), dtype=bool)


def _ids(frame: pd.DataFrame, keys: list[str]) -> pa.Array:
    """The record id: the key, or its parts joined with '+' (NULL parts as empty)."""
    parts = [pc.fill_null(_text(frame[k]), "") for k in keys]
    return (
        parts[0]
        if len(parts) == 1
        else pc.binary_join_element_wise(*parts, pa.scalar("+", pa.large_string()))
    )


def _as_string(arrow_type: pa.DataType):
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow")
    return None


def changes_frame(changes: list[TableDiff]) -> pd.DataFrame:
    """The diff as a table (one row per added, removed or changed record), stored with the run."""
    # Each list is sorted already: order the (table, change) blocks, not a million rows.
    blocks = {}
    for d in changes:
        blocks[(d.table, "added")] = (d.added, [""] * len(d.added))
        blocks[(d.table, "removed")] = (d.removed, [""] * len(d.removed))
        blocks[(d.table, "changed")] = (list(d.changed), [";".join(f) for f in d.changed.values()])
    parts = [
        pd.DataFrame(
            {"table_name": table, "record_id": ids, "change": change, "fields": fields},
            columns=CHANGE_COLUMNS,
        )
        for (table, change), (ids, fields) in sorted(blocks.items())
        if ids
    ]
    if not parts:
        return pd.DataFrame(columns=CHANGE_COLUMNS).astype("string")
    return pd.concat(parts, ignore_index=True).astype("string")
