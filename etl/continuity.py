"""Checks against the published database: records that would vanish, ids that would be reused.

A refresh must never lose records by accident (issue #16): a renamed, emptied or unreadable
file looks to the pipeline like "every record deleted". And an id, once published, is a
permalink readers keep: it is never given to a different record.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.contract import FILES
from etl.diff import Previous
from etl.problems import Problem

RECORD_FILES = [c for c in FILES if "+" not in c.key]


def check(
    previous: Previous,
    frames: dict[str, pd.DataFrame],
    unreadable: set[str] = frozenset(),
    allow_removal: bool = False,
    missing: set[str] = frozenset(),
) -> list[Problem]:
    """Problems of this input against what is published now (nothing when nothing is)."""
    out: list[Problem] = []
    for contract in FILES:
        old = previous.tables.get(contract.table)
        frame = frames.get(contract.name)
        if old is None or old.empty or contract.name in unreadable:
            continue  # an unreadable file has its own error, naming the cause
        if (frame is None or frame.empty) and not allow_removal:
            gone = frame is None or contract.name in missing
            what = "file is missing" if gone else "file holds no records"
            out.append(
                Problem(
                    contract.name,
                    0,
                    "",
                    f"{what}, but the published database holds {len(old):,} records from it: "
                    "restore the file, or refresh with --allow-removal to remove them",
                )
            )
    out += reused_ids(previous, frames)
    return out


def reused_ids(previous: Previous, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """An id published for one record and now naming another.

    Another record: the id was published in another file, or in the same file for a record of
    another country that shares none of its sources (a correction keeps one or the other).
    """
    published: list[pd.DataFrame] = []
    for contract in RECORD_FILES:
        old = previous.tables.get(contract.table)
        if old is not None and contract.key in old.columns:
            published.append(
                pd.DataFrame(
                    {
                        "id": old[contract.key].astype(str).str.upper(),
                        "old_file": contract.name,
                        "old_country": _col(old, "country_iso3"),
                        "old_sources": _col(old, "source_ids"),
                    }
                )
            )
    if not published:
        return []
    old = pd.concat(published, ignore_index=True).drop_duplicates("id")
    out: list[Problem] = []
    for contract in RECORD_FILES:
        frame = frames.get(contract.name)
        if frame is None or frame.empty or contract.key not in frame.columns:
            continue
        new = pd.DataFrame(
            {
                "id": frame[contract.key].str.strip().str.upper(),
                "row": frame["__row__"],
                "record_id": frame[contract.key],
                "country": _col(frame, "country_iso3"),
                "sources": _col(frame, "source_ids"),
            }
        ).merge(old, on="id")
        if new.empty:
            continue
        other_file = new["old_file"] != contract.name
        shared = np.array(
            [
                bool(set(a.split(";")) & set(b.split(";")))
                for a, b in zip(new["sources"], new["old_sources"], strict=True)
            ],
            dtype=bool,
        )
        other_record = other_file | ((new["country"] != new["old_country"]) & ~shared)
        for r in new[other_record].itertuples():
            was = (
                f"in {r.old_file}"
                if r.old_file != contract.name
                else f"for a record of {r.old_country or 'several countries'} citing {r.old_sources}"
            )
            out.append(
                Problem(
                    contract.name,
                    int(r.row),
                    contract.key,
                    f"id '{r.record_id}' was published {was}: a published id is never reused; "
                    "give this record a new id",
                    record_id=str(r.record_id),
                )
            )
    return out


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series("", index=frame.index)
    return frame[name].fillna("").astype(str).str.strip()
