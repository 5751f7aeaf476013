"""Files the dashboard ships beside its code: map boundaries, populations, methodology texts.

They live under dashboard/content/ with their origin written next to them, and are read
from disk only: nothing is fetched at run time (the map must draw with no network).
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path

import pandas as pd

from dashboard.i18n import LANGUAGES, chain

CONTENT = Path(__file__).parent / "content"
BOUNDARIES = CONTENT / "boundaries" / "central_asia_110m.json"
POPULATION = CONTENT / "population.csv"
# plotly.js asks for "<topojsonURL>/<scope>_<resolution>m.json"; everything after '#'
# is a fragment, so a data: URL ending in '#/' serves the one file for any scope.
TOPOJSON_NAME = "world_110m"


@cache
def boundaries() -> dict:
    """The TopoJSON topology (see content/boundaries/README.md for its origin)."""
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))


@cache
def topojson_url() -> str:
    """A data: URL plotly.js (browser and kaleido) can load the boundaries from, offline."""
    encoded = base64.b64encode(BOUNDARIES.read_bytes()).decode("ascii")
    return f"data:application/json;base64,{encoded}#/"


def drawn_countries() -> list[str]:
    """ISO-3 codes of every country the boundaries file can draw."""
    return [g["id"] for g in boundaries()["objects"]["countries"]["geometries"]]


def label_points() -> pd.DataFrame:
    """Where to write each country's name or value on the map: iso3, lon, lat."""
    rows = [
        (g["id"], g["properties"]["label_lon"], g["properties"]["label_lat"])
        for g in boundaries()["objects"]["countries"]["geometries"]
    ]
    return pd.DataFrame(rows, columns=["iso3", "lon", "lat"])


@cache
def population() -> pd.DataFrame:
    """Population of the five countries, with the source of every figure."""
    return pd.read_csv(POPULATION, dtype={"iso3": "string"}, comment="#")


def population_sources() -> list[tuple[str, str]]:
    """(title, url) of every source the population figures cite, each once."""
    sources = population()[["source_title", "source_url"]].drop_duplicates()
    return list(sources.itertuples(index=False, name=None))


def methodology(lang: str) -> str:
    """The methodology text in one language (else its fallback's, else English)."""
    order = chain(lang) if lang in LANGUAGES else ["en"]
    path = next(p for p in (CONTENT / f"methodology.{c}.md" for c in order) if p.exists())
    return path.read_text(encoding="utf-8")
