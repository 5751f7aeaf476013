"""Shipped content: the map boundaries (and how they draw Ukraine) and the sourced populations."""

from __future__ import annotations

import base64

import pytest

from dashboard import assets
from etl.contract import CENTRAL_ASIA, CONTEXT_COUNTRIES


def rings(iso3: str) -> list[list[list[float]]]:
    topology = assets.boundaries()
    geometry = next(g for g in topology["objects"]["countries"]["geometries"] if g["id"] == iso3)
    return [topology["arcs"][ring[0]] for polygon in geometry["arcs"] for ring in polygon]


def inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    """Even-odd rule; good enough far from the border."""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def test_the_boundaries_draw_the_five_countries_russia_and_ukraine():
    assert set(CENTRAL_ASIA + CONTEXT_COUNTRIES) <= set(assets.drawn_countries())


@pytest.mark.parametrize(
    ("place", "point"),
    [("Simferopol", (34.1, 44.95)), ("Donetsk", (37.8, 48.0)), ("Mariupol", (37.55, 47.1))],
)
def test_occupied_ukraine_is_drawn_as_ukraine(place, point):
    assert any(inside(point, r) for r in rings("UKR")), place
    assert not any(inside(point, r) for r in rings("RUS")), place


def test_every_country_has_a_label_point_in_the_map_window():
    points = assets.label_points().set_index("iso3")
    for iso3 in CENTRAL_ASIA + CONTEXT_COUNTRIES:
        lon, lat = points.loc[iso3, ["lon", "lat"]]
        assert 15 <= lon <= 100 and 28 <= lat <= 64, iso3


def test_the_topojson_url_is_the_shipped_file_and_needs_no_network():
    url = assets.topojson_url()
    assert url.startswith("data:application/json;base64,")
    assert (
        base64.b64decode(url.split(",", 1)[1].removesuffix("#/")) == assets.BOUNDARIES.read_bytes()
    )


def test_every_population_figure_cites_a_public_source():
    population = assets.population()
    assert sorted(population["iso3"]) == sorted(CENTRAL_ASIA)
    assert (population["population"] > 1_000_000).all()
    assert population["source_url"].str.startswith("https://").all()
    assert population["source_title"].str.len().gt(10).all()
    assert len(assets.population_sources()) >= 1


def test_the_methodology_text_exists_in_both_languages():
    assert assets.methodology("en") != assets.methodology("ru")
    assert assets.methodology("xx") == assets.methodology("en")
