"""How well the records are sourced: the share of undated sources, and records whose strongest source is weak.

`etl check` prints both for the reviewer (issue #12: at most 15 % of sources undated; every
record whose only sources are reprints, aggregators or partisan outlets needs its original).
A source's strength is its outlet's kind, in the order etl/contract.py lists OUTLET_KINDS.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from etl.contract import FILES, OUTLET_KINDS, WEAK_OUTLET_KINDS

STRENGTH = {kind: rank for rank, kind in enumerate(OUTLET_KINDS)}
# Published link tables and the record type each one's records are.
LINKS = {c.source_link_table: c for c in FILES if c.source_link_table}


@dataclass(frozen=True)
class Undated:
    undated: int
    total: int

    @property
    def share(self) -> float:
        return self.undated / self.total if self.total else 0.0


def undated_sources(sources: pd.DataFrame) -> Undated:
    """Sources with no published_date, out of all sources."""
    return Undated(int(sources["published_date"].isna().sum()), len(sources))


def source_kinds(sources: pd.DataFrame, outlets: pd.DataFrame) -> pd.DataFrame:
    """source_id, outlet name, kind and strength (0 = strongest) of every source."""
    out = sources[["source_id", "outlet_id"]].merge(
        outlets[["outlet_id", "name", "kind"]], on="outlet_id", how="left"
    )
    return out.assign(strength=out["kind"].map(STRENGTH).astype("Int64"))


def weak_best_source(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Records whose strongest source is a reprint, aggregator or partisan outlet:
    record_type, record_id, best_kind and the outlets cited, by type and id."""
    kinds = source_kinds(tables["sources"], tables["outlets"])
    parts = []
    for link, contract in LINKS.items():
        key = contract.key.split("+")[0]
        rows = tables[link][[key, "source_id"]].merge(kinds, on="source_id", how="left")
        rows = rows.rename(columns={key: "record_id"}).assign(record_type=contract.table)
        parts.append(rows)
    cited = pd.concat(parts, ignore_index=True)
    if cited.empty:
        return pd.DataFrame(columns=["record_type", "record_id", "best_kind", "outlets"])
    best = (
        cited.sort_values(["record_type", "record_id", "strength"])
        .groupby(["record_type", "record_id"], sort=True)
        .agg(
            best_kind=("kind", "first"),
            outlets=("name", lambda names: "; ".join(dict.fromkeys(names.dropna()))),
        )
        .reset_index()
    )
    return best[best["best_kind"].isin(WEAK_OUTLET_KINDS)].reset_index(drop=True)
