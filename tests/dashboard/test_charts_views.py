"""Map, trends and country-brief chart builders are pure: tiny frames in, the right figure out."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.charts import base
from dashboard.charts import country as country_charts
from dashboard.charts import map as map_charts
from dashboard.charts import trends as charts
from dashboard.charts.composition import UNKNOWN_COLOUR, composition

LABELS = pd.DataFrame(
    {"iso3": ["UZB", "KGZ", "RUS", "UKR"], "lon": [64, 74, 50, 31], "lat": [41, 41, 52, 49]}
)


def test_the_choropleth_shades_the_focus_countries_and_greys_the_others():
    values = pd.DataFrame({"country_iso3": ["UZB", "KGZ"], "count": [31, 0]})
    fig = map_charts.choropleth(
        values, "count", "T", "Cases", LABELS, ["UZB", "KGZ", "RUS", "UKR", "CHN"]
    )
    context, focus = fig.data[0], fig.data[1]
    assert list(focus.locations) == ["UZB", "KGZ"] and list(focus.z) == [31, 0]
    assert sorted(context.locations) == ["CHN", "RUS", "UKR"]
    assert dict(zip(context.locations, context.z, strict=True)) == {"RUS": 1, "UKR": 1, "CHN": 0}
    assert context.showscale is False
    assert {d.locationmode for d in fig.data if d.type == "choropleth"} == {"ISO-3"}


def test_map_labels_carry_the_value_and_stay_readable_on_dark_fills():
    values = pd.DataFrame({"country_iso3": ["UZB", "KGZ"], "count": [31, 2]})
    fig = map_charts.choropleth(
        values,
        "count",
        "T",
        "N",
        LABELS,
        ["UZB", "KGZ"],
        {"UZB": "Uzbekistan", "KGZ": "Kyrgyzstan"}.get,
    )
    labels = fig.data[2]
    assert list(labels.text) == ["Uzbekistan<br><b>31</b>", "Kyrgyzstan<br><b>2</b>"]
    assert list(labels.textfont.color) == ["white", "#111111"]


def test_composition_puts_not_reported_last_in_grey():
    frame = pd.DataFrame(
        {
            "country_iso3": ["UZB", "UZB", "KGZ"],
            "recruitment_channel": ["unknown", "prison", "online_ad"],
            "cases": [5, 2, 1],
        }
    )
    fig = composition(frame, "recruitment_channel", "cases", "T", "Cases")
    assert [t.name for t in fig.data] == ["prison", "online_ad", "unknown"]
    assert fig.data[-1].marker.color == UNKNOWN_COLOUR
    assert list(fig.data[0].x) == [0, 2]  # KGZ has no prison case: drawn as zero


def test_sentence_rows_put_prison_restricted_and_suspended_first():
    frame = pd.DataFrame(
        {
            "case_id": ["C-1", "C-2", "C-3", "C-4"],
            "country_iso3": ["UZB", "UZB", "KGZ", "UZB"],
            "sentence_type": ["fine", "suspended", "prison", "prison"],
            "sentence_months": [1, 36, 24, 60],
        }
    )
    fig = charts.sentence_rows(frame, "T", "Months", type_name=str.upper)
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["PRISON", "SUSPENDED", "FINE"]
    prison = [t for t in fig.data if t.xaxis == "x"]
    assert sorted(x for t in prison for x in t.x) == [24, 60]
    assert sum(t.showlegend for t in fig.data) == 2  # one legend entry per country


def test_sentence_boxes_keep_the_rows_of_sentence_rows_and_draw_no_dots():
    stats = pd.DataFrame(
        {
            "country_iso3": ["UZB", "KGZ", "UZB"],
            "sentence_type": ["suspended", "prison", "prison"],
            "n": [5000, 40, 900],
            "q1": [24.0, 30.0, 48.0],
            "median": [36.0, 36.0, 60.0],
            "q3": [48.0, 60.0, 72.0],
            "lower_whisker": [12, 24, 24],
            "upper_whisker": [60, 96, 96],
        }
    )
    fig = charts.sentence_boxes(stats, "T", "Months", type_name=str.upper)
    assert [a.text for a in fig.layout.annotations] == ["PRISON", "SUSPENDED"]
    assert all(t.type == "box" and t.x is None for t in fig.data)  # statistics, not points
    uzb_prison = [t for t in fig.data if t.xaxis == "x" and t.name == "UZB"][0]
    assert (uzb_prison.q1, uzb_prison.median, uzb_prison.q3) == ((48.0,), (60.0,), (72.0,))
    assert sum(t.showlegend for t in fig.data) == 2


def test_monthly_incident_counts_become_a_grid_summed_over_countries():
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-02-01"]),
            "country_iso3": ["KGZ", "UZB", "KGZ"],
            "incident_type": ["migrant_raid", "migrant_raid", "online_ad"],
            "incidents": [3, 4, 1],
        }
    )
    fig = charts.incident_counts(frame, "T", type_name=str.upper)
    grid = fig.data[0]
    assert grid.type == "heatmap"
    assert list(grid.y) == ["ONLINE_AD", "MIGRANT_RAID"]  # fewest first, so the most is on top
    assert grid.z[1][0] == 7 and grid.z[0][1] == 1


def test_the_incident_timeline_fills_only_dots_dated_to_the_day():
    frame = pd.DataFrame(
        {
            "incident_id": ["I-1", "I-2"],
            "country_iso3": ["KGZ", "KGZ"],
            "incident_type": ["migrant_raid", "online_ad"],
            "timeline_date": pd.to_datetime(["2024-01-05", "2024-03-01"]),
            "date_precision": ["day", "month"],
            "people_count": [None, None],
        }
    )
    fig = charts.incident_timeline(frame, "T")
    assert list(fig.data[0].marker.color) == [base.COUNTRY_COLOURS["KGZ"], "white"]


def test_claims_stand_as_diamonds_beside_the_record_bars():
    claims = pd.DataFrame(
        {
            "claim_id": ["F-1", "F-2"],
            "country_iso3": ["UZB", "several"],
            "claimant": ["A", "B"],
            "value": [100, 5000],
            "value_qualifier": ["at_least", "approx"],
            "dated": pd.to_datetime(["2024-06-01", None]),
        }
    )
    records = pd.DataFrame({"country_iso3": ["UZB"], "records": [3]})
    fig = charts.claims_vs_records(claims, records, "T", "N", "Records", "Claims")
    bar, diamonds = fig.data
    assert (bar.type, bar.name, list(bar.x)) == ("bar", "Records", [3])
    assert (diamonds.marker.symbol, diamonds.name) == ("diamond", "Claims")
    assert list(diamonds.x) == [100, 5000]


def test_claims_without_a_comparable_count_draw_no_bar():
    claims = pd.DataFrame(
        {
            "claim_id": ["F-1"],
            "country_iso3": ["KGZ"],
            "claimant": ["A"],
            "value": [10],
            "value_qualifier": ["exact"],
            "dated": pd.to_datetime([None]),
        }
    )
    empty = pd.DataFrame({"country_iso3": pd.Series(dtype="string"), "records": []})
    fig = charts.claims_vs_records(claims, empty, "T", "N", "Records", "Claims")
    assert [t.type for t in fig.data] == ["scatter"]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (60, 120, "5 y – 10 y"),
        (None, 96, "up to 8 y"),
        (84, None, "from 7 y"),
        (18, 30, "18 m – 30 m"),
        (None, None, "–"),
    ],
)
def test_penalty_ranges_read_in_whole_years_where_they_can(low, high, expected):
    text = country_charts.penalty_range(
        low, high, lambda n: f"{n} y", lambda n: f"{n} m", "up to", "from"
    )
    assert text == expected


def test_the_one_page_brief_is_an_a4_figure_with_every_part():
    laws = pd.DataFrame({"Article": ["X 1"], "Title": ["t"], "Penalty": ["1 y"], "Kind": ["k"]})
    claims = pd.DataFrame({c: ["v"] for c in ("Date", "Metric", "Value", "As", "Who")})
    latest = pd.DataFrame({c: ["v"] for c in ("Date", "Record", "Kind", "Summary")})
    fig = country_charts.brief_figure(
        "Title",
        "Sub",
        [("Cases", 3), ("Incidents", 2)],
        laws,
        (["Prison"], [3]),
        (["Raid"], [2]),
        claims,
        latest,
        {k: k for k in ("laws", "outcomes", "incidents", "claims", "latest")},
        "Footer",
        "UZB",
    )
    assert (fig.layout.width, fig.layout.height) == (794, 1123)
    assert [t.type for t in fig.data] == ["table", "table", "bar", "bar", "table", "table"]
    assert "Footer" in [a.text for a in fig.layout.annotations]


def test_long_summaries_are_cut_with_an_ellipsis():
    assert country_charts.shorten("a" * 200, 10) == "a" * 9 + "…"
    assert country_charts.shorten(None) == ""
