"""Stage 3 - normalise validated text into typed tables ready to publish.

Pure functions: DataFrames in, new DataFrames out. Partial dates become a DATE (first
day of the period) plus its precision, so charts can sort while the explorer still
shows "2024-05" for a month. Source lists become link tables.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pycountry

from etl import columns, dates
from etl.contract import FILES, FileContract

PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}


def run(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return published tables by name: one per contract file plus the link tables."""
    # Files are independent and the heavy work (Arrow, numpy) releases the GIL.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        parts = list(pool.map(lambda c: publishable(c, frames[c.name]), FILES))
    return {name: table for part in parts for name, table in part.items()}


def publishable(contract: FileContract, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One file's published table, and its link table to the sources."""
    frame = frame.drop(columns="__row__", errors="ignore")
    frame = frame.reindex(columns=contract.column_names, fill_value="")
    typed = frame.pipe(strip_text).pipe(cast_columns, contract).pipe(add_derived, contract)
    key = contract.key.split("+")
    out = {contract.table: sort_by(typed, key)}
    if contract.source_link_table:
        out[contract.source_link_table] = sort_by(
            link_table(frame, key[0]), [key[0], "source_rank"]
        )
    return out


def sort_by(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Stable sort by the keys; files already in id order (the usual case) are not re-sorted."""
    if columns.is_sorted(frame[keys[0]]) and (len(keys) == 1 or keys[1] == "source_rank"):
        # Link rows come in record order with ranks ascending, so record order suffices.
        return frame.reset_index(drop=True)
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def strip_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(columns.strip)


def cast_columns(frame: pd.DataFrame, contract: FileContract) -> pd.DataFrame:
    out = {}
    for col in contract.columns:
        values = frame[col.name]
        if col.kind == "int":
            out[col.name] = whole_numbers(values)
        elif col.kind == "partial_date":
            out[col.name] = partial_date_start(values)
            out[f"{col.name}_precision"] = (
                values.str.len().map(PRECISION_BY_LENGTH).astype("string")
            )
        else:
            out[col.name] = values.replace("", None).astype("string")
    return pd.DataFrame(out, index=frame.index)


def partial_date_start(values: pd.Series) -> pd.Series:
    """'2024' -> 2024-01-01, '2024-05' -> 2024-05-01; empty -> NaT."""
    return dates.first_day(values)


def whole_numbers(values: pd.Series) -> pd.Series:
    """'42' -> 42, '' -> <NA> (validated text: digits only, or empty)."""
    text = columns.arrow(values)
    digits = pc.match_substring_regex(text, "^[0-9]{1,18}$").fill_null(False)
    numbers = pc.cast(pc.if_else(digits, text, None), pa.int64())
    return pd.Series(
        pd.arrays.IntegerArray(
            np.asarray(numbers.fill_null(0)), ~np.asarray(digits, dtype=bool).copy()
        ),
        index=values.index,
    )


def add_derived(frame: pd.DataFrame, contract: FileContract) -> pd.DataFrame:
    """Columns every consumer needs the same way: the contract's date_precision and a timeline date."""
    frame = frame.copy()
    main_date = {"cases": "verdict_date", "incidents": "event_date"}.get(contract.table)
    if main_date:
        # Issue #2's contract: day/month/year, or 'report_date' when only the report is dated;
        # 'unknown' when the sources give neither (such records appear in no timeline).
        precision = frame.pop(f"{main_date}_precision")
        only_report = precision.isna() & frame["report_date"].notna()
        frame["date_precision"] = precision.mask(only_report, "report_date").fillna("unknown")
        frame["timeline_date"] = frame[main_date].where(
            frame[main_date].notna(), frame["report_date"]
        )
    if "country_iso3" in frame.columns:
        # Looked up once per distinct code, not once per row.
        codes = frame["country_iso3"]
        names = {code: country_name(code) for code in codes.dropna().unique()}
        frame["country_name"] = codes.map(names).astype("string")
    if "url" in frame.columns:
        frame["domain"] = domain(frame["url"])
    return frame


def domain(urls: pd.Series) -> pd.Series:
    """'https://www.Fergana.news/x' -> 'fergana.news'; None when the address has no host."""
    host = pc.extract_regex(
        columns.arrow(urls.fillna("")),
        r"^https?://(?:www\.)?(?P<host>[^/:]+)",
    )
    return pd.Series(
        pd.array(pc.utf8_lower(pc.struct_field(host, "host")), dtype="string"), index=urls.index
    )


def country_name(iso3: object) -> str | None:
    if not isinstance(iso3, str) or not iso3:
        return None
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def link_table(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per (record, source), in the order the sources are listed."""
    lists = pc.split_pattern(columns.arrow(frame["source_ids"]), ";")
    parents = np.asarray(pc.list_parent_indices(lists))
    source_ids = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    keep = np.asarray(pc.not_equal(source_ids, ""), dtype=bool)
    parents = parents[keep]
    # Rank within each record: position minus the position of the record's first source.
    first = np.r_[0, np.flatnonzero(np.diff(parents)) + 1]
    rank = np.arange(len(parents)) - np.repeat(first, np.diff(np.r_[first, len(parents)])) + 1
    out = pd.DataFrame(
        {
            key: pd.array(frame[key].to_numpy()[parents], dtype="string"),
            "source_id": pd.array(source_ids.filter(pa.array(keep)).to_pandas(), dtype="string"),
            "source_rank": rank.astype(np.int64),
        }
    )
    return out
