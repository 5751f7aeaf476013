"""Dev-time tool: cut the map's country boundaries out of Natural Earth into a small TopoJSON.

Not run by the app or the tests (they read the committed file). To rebuild it:

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install pyshp
    /tmp/geo/bin/pip download geopandas==0.14.4 --no-deps -d /tmp/geo
    cd /tmp/geo && unzip -o geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    /tmp/geo/bin/python dashboard/content/boundaries/build_boundaries.py \
        /tmp/geo/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

The wheel ships Natural Earth 1:110m admin-0 countries (public domain), which draws Crimea
and the other occupied regions as Ukraine. Every country whose bounding box meets the map's
window is kept, for context; each ring becomes its own arc (no shared arcs, no quantisation),
which TopoJSON allows and plotly.js reads. Outer rings stay clockwise, as d3-geo expects.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapefile  # pyshp, a dev-time dependency only

OUT = Path(__file__).with_name("central_asia_110m.json")
WINDOW = (15.0, 28.0, 100.0, 64.0)  # lon min, lat min, lon max, lat max
DECIMALS = 2  # about 1 km: finer than the 1:110m source itself


def rings_of(shape) -> list[list[tuple[float, float]]]:
    parts = [*shape.parts, len(shape.points)]
    rings = []
    for start, end in zip(parts, parts[1:], strict=False):
        ring = []
        for x, y in shape.points[start:end]:
            point = (round(x, DECIMALS), round(y, DECIMALS))
            if not ring or ring[-1] != point:
                ring.append(point)
        if len(ring) >= 4:
            rings.append(ring)
    return rings


def signed_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def label_point(rings) -> tuple[float, float]:
    """Mean vertex of the largest ring, kept inside the map window (Russia reaches Alaska)."""
    ring = max(rings, key=lambda r: abs(signed_area(r)))
    lon0, lat0, lon1, lat1 = WINDOW
    inside = [(x, y) for x, y in ring if lon0 <= x <= lon1 and lat0 <= y <= lat1] or ring
    return (
        round(sum(x for x, _ in inside) / len(inside), 2),
        round(sum(y for _, y in inside) / len(inside), 2),
    )


def polygons(rings) -> list[list[list[tuple[float, float]]]]:
    """Group rings into polygons: a clockwise ring opens one, counter-clockwise rings are holes."""
    groups: list[list] = []
    for ring in rings:
        if signed_area(ring) < 0 or not groups:  # clockwise (negative area) = outer ring
            groups.append([ring])
        else:
            groups[-1].append(ring)
    return groups


def main(shp: str) -> None:
    reader = shapefile.Reader(shp, encoding="latin-1")
    lon0, lat0, lon1, lat1 = WINDOW
    arcs: list = []
    geometries = []
    for item in reader.iterShapeRecords():
        iso3 = item.record["iso_a3"]
        x0, y0, x1, y1 = item.shape.bbox
        if iso3 == "-99" or x1 < lon0 or x0 > lon1 or y1 < lat0 or y0 > lat1:
            continue
        rings = rings_of(item.shape)
        arc_polys = []
        for poly in polygons(rings):
            refs = []
            for ring in poly:
                refs.append([len(arcs)])
                arcs.append([list(p) for p in ring])
            arc_polys.append(refs)
        lon, lat = label_point(rings)
        geometries.append(
            {
                "type": "MultiPolygon",
                "id": iso3,
                "properties": {"name": item.record["name"], "label_lon": lon, "label_lat": lat},
                "arcs": arc_polys,
            }
        )
    geometries.sort(key=lambda g: g["id"])
    topology = {
        "type": "Topology",
        "objects": {
            "countries": {"type": "GeometryCollection", "geometries": geometries},
            # plotly.js reads objects by layer name; land reuses the same arcs.
            "land": {
                "type": "GeometryCollection",
                "geometries": [{"type": "MultiPolygon", "arcs": g["arcs"]} for g in geometries],
            },
        },
        "arcs": arcs,
    }
    OUT.write_text(json.dumps(topology, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {len(geometries)} countries, {len(arcs)} rings, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
