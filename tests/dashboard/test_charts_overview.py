"""Chart builders are pure: a tiny frame in, a figure with the right data out."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import base
from dashboard.charts import overview as charts
from dashboard.charts.composition import composition


def test_bars_by_country_put_the_largest_on_top_with_country_colours():
    frame = pd.DataFrame({"country_iso3": ["UZB", "KGZ"], "cases": [5, 9]})
    fig = charts.bar_by_country(
        frame, "cases", "Title", "Cases", {"UZB": "Uzbekistan", "KGZ": "Kyrgyzstan"}.get
    )
    bar = fig.data[0]
    assert list(bar.y) == ["Uzbekistan", "Kyrgyzstan"]  # plotly draws the last category on top
    assert list(bar.x) == [5, 9]
    assert list(bar.marker.color) == [base.COUNTRY_COLOURS["UZB"], base.COUNTRY_COLOURS["KGZ"]]
    assert fig.layout.title.text == "Title"


def test_counts_over_time_stack_one_trace_per_country():
    frame = pd.DataFrame(
        {
            "period_start": pd.to_datetime(["2023-01-01", "2024-01-01", "2024-01-01"]),
            "country_iso3": ["KGZ", "KGZ", "UZB"],
            "cases": [1, 2, 3],
        }
    )
    fig = charts.counts_over_time(frame, "cases", "T", "Cases")
    assert [t.name for t in fig.data] == ["KGZ", "UZB"]
    assert fig.layout.barmode == "stack"
    assert list(fig.data[1].y) == [3]


def test_sentence_strip_draws_one_box_per_sentence_type_with_every_case():
    frame = pd.DataFrame(
        {
            "case_id": ["C-1", "C-2", "C-3"],
            "country_iso3": ["UZB", "UZB", "KGZ"],
            "sentence_type": ["prison", "suspended", "prison"],
            "sentence_months": [60, 36, 24],
        }
    )
    fig = charts.sentence_strip(frame, "T", "Months")
    assert sorted(t.name for t in fig.data) == ["prison", "suspended"]
    prison = next(t for t in fig.data if t.name == "prison")
    assert sorted(prison.x) == [24, 60]


def test_stacked_categories_fill_missing_combinations_with_zero():
    frame = pd.DataFrame(
        {
            "country_iso3": ["UZB", "KGZ"],
            "incident_type": ["online_ad", "migrant_raid"],
            "incidents": [2, 1],
        }
    )
    fig = composition(frame, "incident_type", "incidents", "T", "N")
    ad = next(t for t in fig.data if t.name == "online_ad")
    assert dict(zip(ad.y, ad.x, strict=True)) == {"KGZ": 0, "UZB": 2}


def test_sentence_boxes_draw_precomputed_quartiles_one_trace_per_type():
    summary = pd.DataFrame(
        {
            "country_iso3": ["KGZ", "UZB", "UZB"],
            "sentence_type": ["prison", "prison", "suspended"],
            "n": [10, 2000, 30],
            "q1": [36.0, 48.0, 24.0],
            "median": [48.0, 60.0, 30.0],
            "q3": [60.0, 72.0, 36.0],
            "lower_whisker": [12, 24, 12],
            "upper_whisker": [96, 108, 48],
        }
    )
    fig = charts.sentence_boxes(summary, "T", "Months")
    assert [t.name for t in fig.data] == ["prison", "suspended"]
    prison = fig.data[0]
    assert list(prison.y) == ["KGZ", "UZB"]
    assert list(prison.median) == [48.0, 60.0]
    assert list(prison.upperfence) == [96, 108]
    assert list(prison.customdata[1][:2]) == ["UZB", "prison"]  # drills down like the type bars
