"""The views' questions answer from the database: counts, filters, zeros, claims kept apart."""

from __future__ import annotations

import pandas as pd
import pytest
from views_fixtures import views_db  # noqa: F401  (fixture)

from dashboard import db
from dashboard.queries import country, methodology, trends
from dashboard.queries import map as map_queries
from etl.contract import CENTRAL_ASIA

ALL = tuple(CENTRAL_ASIA)


@pytest.fixture
def version(monkeypatch, views_db):  # noqa: F811
    monkeypatch.setenv("MONITOR_DB", str(views_db))
    return db.version()


def as_dict(frame: pd.DataFrame, key: str, value: str) -> dict:
    return dict(zip(frame[key], frame[value], strict=True))


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("cases", {"KAZ": 1, "KGZ": 1, "TJK": 0, "TKM": 0, "UZB": 2}),
        ("sentences", {"KAZ": 0, "KGZ": 1, "TJK": 0, "TKM": 0, "UZB": 2}),
        ("incidents", {"KAZ": 0, "KGZ": 1, "TJK": 1, "TKM": 1, "UZB": 0}),
    ],
)
def test_the_map_counts_every_country_with_zeros(version, measure, expected):
    assert (
        as_dict(map_queries.counts_by_country(version, measure), "country_iso3", "count")
        == expected
    )


def test_rates_divide_by_the_sourced_population(version):
    rates = map_queries.with_rates(map_queries.counts_by_country(version, "cases")).set_index(
        "country_iso3"
    )
    assert rates.loc["UZB", "per_million"] == round(2 / rates.loc["UZB", "population"] * 1e6, 2)
    assert rates["population"].notna().all()


def test_an_unknown_measure_is_refused(version):
    with pytest.raises(ValueError):
        map_queries.counts_by_country(version, "cases; DROP TABLE cases")


def test_counts_over_time_follow_countries_and_years(version):
    per_year = trends.counts_over_time(version, "cases", "year", ALL, (2000, 2030))
    assert per_year["cases"].sum() == 3  # the undated KAZ case is in no timeline
    only_2024 = trends.counts_over_time(version, "cases", "quarter", ("UZB",), (2024, 2024))
    assert list(only_2024["period_start"].dt.month) == [4] and list(only_2024["cases"]) == [2]
    assert trends.undated(version, "cases", ALL) == 1


def test_sentences_and_composition_keep_undated_records(version):
    assert len(trends.sentences(version, ALL, (2024, 2024))) == 2
    channels = trends.composition(version, "cases", "recruitment_channel", ALL, (2030, 2030))
    assert as_dict(channels, "country_iso3", "cases") == {"KAZ": 1}  # undated, so always shown


def test_sentence_statistics_count_the_cases_the_dots_would_show(version):
    for countries, years in [(ALL, (2000, 2030)), (("UZB",), (2024, 2024)), (ALL, (2030, 2030))]:
        dots = trends.sentences(version, countries, years)
        stats = trends.sentence_stats(version, countries, years)
        assert stats["n"].sum() == len(dots), (countries, years)
        for row in stats.itertuples():
            months = dots[
                (dots["country_iso3"] == row.country_iso3)
                & (dots["sentence_type"] == row.sentence_type)
            ]["sentence_months"]
            assert row.median == pytest.approx(months.median())
            assert row.lower_whisker >= months.min() and row.upper_whisker <= months.max()
    # No years: every case of the country, dated or not (the country brief).
    assert trends.sentence_stats(version, ("UZB",))["n"].sum() == len(
        country.sentences(version, "UZB")
    )


def test_monthly_incident_counts_hold_every_dot_of_the_timeline(version):
    for countries in [ALL, ("TJK",)]:
        dots = trends.incident_timeline(version, countries, (2000, 2030))
        monthly = trends.incident_counts(version, countries, (2000, 2030))
        assert monthly["incidents"].sum() == len(dots)
        assert set(monthly["country_iso3"]) == set(dots["country_iso3"])


def test_the_incident_timeline_keeps_events_of_several_countries(version):
    timeline = trends.incident_timeline(version, ("TJK",), (2000, 2030))
    assert sorted(timeline["country_iso3"]) == ["TJK", "several"]


def test_claims_and_the_count_they_stand_next_to(version):
    claims = trends.claims(version, "criminal_cases", ALL)
    assert list(claims["value"]) == [100]
    records = trends.records_for_metric(version, "criminal_cases", ALL)
    assert as_dict(records, "country_iso3", "records") == {"KAZ": 1, "KGZ": 1, "UZB": 2}
    assert trends.records_for_metric(version, "recruited", ALL).empty
    assert set(trends.claim_metrics(version)) == {"criminal_cases", "killed", "recruited"}


def test_the_country_brief_gathers_one_country(version):
    assert country.headline(version, "UZB") == {
        "cases": 2,
        "defendants": 2,
        "prison": 1,
        "incidents": 0,
        "claims": 1,
    }
    assert list(country.laws(version, "UZB")["kind"]) == ["criminal_article", "legal_change"]
    latest = country.latest_events(version, "KGZ")
    assert list(latest["record_id"]) == ["C-0003", "I-0011"]  # newest first


def test_the_update_log_and_coverage(version):
    runs = methodology.recent_runs(version)
    assert runs["outcome"].iloc[0] == "published"
    coverage = methodology.coverage(version)
    kaz = coverage[(coverage["country_iso3"] == "KAZ") & (coverage["record_type"] == "cases")]
    assert (kaz["records"].item(), kaz["undated"].item()) == (1, 1)
    tjk = coverage[(coverage["country_iso3"] == "TJK") & (coverage["record_type"] == "cases")]
    assert tjk["records"].item() == 0  # nothing recorded is shown, not left out
