"""Stated figures: the chart draws claims apart, series as lines; the words say how much we document."""

from __future__ import annotations

import pandas as pd

from dashboard import stated
from dashboard.charts.claims import point_label, stated_over_time


def text(key: str, **values) -> str:
    return key + "|" + ",".join(f"{k}={v}" for k, v in sorted(values.items()))


def name(group: str, code: object) -> str:
    return f"<{group}:{code}>"


def row(**kw) -> dict:
    base = {
        "claim_id": "F-0046",
        "country_iso3": "UZB",
        "metric": "criminal_cases",
        "value": 338,
        "value_qualifier": "exact",
        "claimant": "Security service [SGB]",
        "claimant_type": "security_service",
        "period_start": pd.Timestamp("2022-01-01"),
        "period_start_precision": "year",
        "as_of_date": pd.Timestamp("2025-01-01"),
        "as_of_date_precision": "year",
        "report_date": pd.Timestamp("2025-12-05"),
        "report_date_precision": "day",
        "dated": pd.Timestamp("2025-01-01"),
        "series_id": None,
        "record_type": "cases",
        "incident_type": None,
        "window_from": pd.Timestamp("2022-01-01"),
        "window_to": pd.Timestamp("2025-12-31"),
        "documented": 13,
        "source_urls": [
            "https://example.org/a(1)",
            "https://example.org/b",
            "https://example.org/c",
        ],
        "source_outlets": ["Outlet *A*", "Outlet B", "Outlet C"],
    }
    return base | kw


def test_the_share_sentence_names_both_numbers_the_claimant_the_period_and_links_both_sides():
    out = stated.share_sentence(row(), text, name)
    assert out.startswith("stated.share.criminal_cases|")
    assert "documented=13" in out and "value=stated.qualified.exact|value=338" in out
    assert "period=stated.period.since|end=2025,start=2022" in out
    assert r"claimant=Security service \[SGB\]" in out  # shown as written, never a link
    assert "claim=explore?ids=F-0046" in out
    assert "records=explore?type=cases&country=UZB&from=2022-01-01&to=2025-12-31" in out
    # The first two sources, strongest first as the query lists them; brackets kept in the link.
    assert (
        r"sources=[Outlet \*A\*](https://example.org/a%281%29), [Outlet B](https://example.org/b)"
        in out
    )
    assert "Outlet C" not in out


def test_a_death_count_links_the_death_incidents_and_keeps_the_language():
    link = stated.records_link(
        row(record_type="incidents", incident_type="death_reported", window_from=None), "ru"
    )
    assert link == "explore?type=incidents&country=UZB&kind=death_reported&to=2025-12-31&lang=ru"


def test_periods_read_as_stated():
    assert stated.period(row(), text) == "stated.period.since|end=2025,start=2022"
    one_year = row(period_start=pd.Timestamp("2023-01-01"), as_of_date=pd.Timestamp("2023-01-01"))
    assert stated.period(one_year, text) == "stated.period.in|start=2023"
    assert stated.period(row(period_start=None), text) == "stated.period.as_of|end=2025"
    undated = row(period_start=None, as_of_date=None)
    assert stated.period(undated, text) == "stated.period.reported|reported=2025-12-05"


def test_the_headline_is_the_latest_meaningful_claim_per_country_and_metric():
    claims = pd.DataFrame(
        [
            row(claim_id="F-1", window_to=pd.Timestamp("2024-12-31"), value=112, documented=4),
            row(claim_id="F-2"),  # latest: the headline
            row(claim_id="F-3", value=5, documented=7),  # fewer than we document: no share
            row(claim_id="F-4", value=0, documented=0),  # 'none': no share of nothing
            row(claim_id="F-5", metric="killed", window_to=None),  # undated: no period
            row(claim_id="F-6", metric="contracts_signed", documented=None),
            row(claim_id="F-7", country_iso3="KAZ", value=709, documented=3),
        ]
    )
    assert stated.headline_claims(claims)["claim_id"].tolist() == ["F-7", "F-2"]


def test_the_hover_names_claimant_kind_period_and_series_without_markup():
    line = stated.hover_line(row(claimant="<b>X</b>", series_id="sgb-uzb"), text, name)
    assert "&lt;b&gt;X&lt;/b&gt; (<claimant_type:security_service>)" in line
    assert "stated.series|series=sgb-uzb" in line and line.endswith("F-0046")


def test_point_labels_show_the_qualifier():
    assert [point_label(v, q) for v, q in [(270, "at_least"), (200, "approx"), (50, "up_to"),
            (1300, "exact")]] == ["≥270", "~200", "≤50", "1,300"]  # fmt: skip


def test_the_chart_has_a_panel_per_metric_and_a_line_per_series():
    claims = pd.DataFrame(
        [
            row(claim_id="F-1", metric="killed", value=78, series_id="k",
                dated=pd.Timestamp("2025-04-01")),
            row(claim_id="F-2", metric="killed", value=270, series_id="k",
                dated=pd.Timestamp("2025-10-01")),
            row(claim_id="F-3"),
            row(claim_id="F-4", country_iso3="KAZ", dated=None),  # undated: not drawn
        ]
    ).drop(columns=["source_urls", "source_outlets"])  # fmt: skip
    fig = stated_over_time(claims, "T", metric_name=lambda m: f"M:{m}")
    assert [a.text for a in fig.layout.annotations] == ["M:killed", "M:criminal_cases"]
    points = [d for d in fig.data if d.mode == "markers+text"]
    lines = [d for d in fig.data if d.mode == "lines"]
    assert sorted(tuple(d.customdata) for d in points) == [("F-1", "F-2"), ("F-3",)]
    assert len(lines) == 1 and list(lines[0].y) == [78, 270]
    assert [d.name for d in fig.data if d.showlegend] == ["UZB"]
