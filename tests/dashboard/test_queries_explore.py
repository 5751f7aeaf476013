"""Explorer queries on a dataset whose answers we know: rows, facet counts, one record in full."""

from __future__ import annotations

import random
from collections import Counter
from urllib.parse import parse_qs

import pandas as pd
import pytest
from explore_fixtures import ALL, EXPECTED, write

from dashboard import db
from dashboard.explore import permalink
from dashboard.explore import view as explore_view
from dashboard.explore.permalink import SORTS, Filters, parse
from dashboard.queries import explore as queries
from etl import explore_records, extract, facets, publish, transform


@pytest.fixture
def version(monkeypatch, explore_db) -> str:
    monkeypatch.setenv("MONITOR_DB", str(explore_db))
    return db.version()


def view(query: str) -> Filters:
    return parse(parse_qs(query, keep_blank_values=True)).filters


@pytest.mark.parametrize("query", list(EXPECTED))
def test_a_view_shows_exactly_the_records_that_match(version, query):
    rows = queries.records(version, view(query))
    assert sorted(rows["record_id"]) == sorted(EXPECTED[query])


def test_dates_are_shown_with_the_precision_they_are_known_to(version):
    rows = queries.records(version, Filters()).set_index("record_id")
    assert rows.loc["C-0001", "date_text"] == "2024-04"
    assert rows.loc["C-0002", "date_text"] == "2023-11-20"
    assert rows.loc["C-0004", "date_text"] == "2023"
    assert rows.loc["I-0012", "date_text"] == "2024"
    assert rows.loc["F-0021", "date_text"] == "2024-06"
    # Undated verdict: the first report's date, and the table says so.
    assert (rows.loc["C-0003", "date_text"], rows.loc["C-0003", "date_basis"]) == (
        "2019-03-01",
        "report",
    )
    assert rows.loc["F-0022", "date_basis"] == "report"
    assert rows.loc["F-0021", "date_basis"] == "as_of"


def test_each_row_counts_its_sources_and_links_the_first(version):
    rows = queries.records(version, Filters()).set_index("record_id")
    assert rows.loc["C-0001", "source_count"] == 2
    assert rows.loc["C-0001", "first_source_url"] == "https://example.org/synthetic/1"
    assert rows.loc["C-0004", "first_source_url"] == "http://example.org/synthetic/plain-http"


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("date_desc", "F-0021", "C-0003"),
        ("date_asc", "C-0003", "F-0021"),
        ("id", "C-0001", "I-0012"),
        ("sources_desc", "C-0001", None),
    ],
)
def test_rows_come_in_the_chosen_order(version, sort, first, last):
    ids = list(queries.records(version, Filters(sort=sort))["record_id"])
    assert ids[0] == first
    if last:
        assert ids[-1] == last
    assert sorted(ids) == sorted(ALL)


def counts(frame: pd.DataFrame, facet: str) -> dict[str, int]:
    part = frame[frame["facet"] == facet]
    return dict(zip(part["value"], part["n"].astype(int), strict=True))


def test_facets_count_every_value_under_no_filter(version):
    frame = queries.facet_counts(version, Filters())
    assert counts(frame, "types") == {"cases": 4, "incidents": 2, "claims": 2}
    assert counts(frame, "countries") == {"UZB": 3, "KGZ": 2, "KAZ": 1, "several": 2}
    assert counts(frame, "bands") == {"3to5y": 1, "1to3y": 1, "5to10y": 1, "none": 1}
    assert counts(frame, "articles") == {
        "UZB CC 154": 1,
        "KGZ CC 416": 1,
        "KAZ CC 172": 1,
        "none": 1,
    }


def test_a_facet_counts_under_the_other_filters_but_not_its_own(version):
    frame = queries.facet_counts(version, view("country=UZB&type=cases"))
    # Countries: what each would add among cases (its own filter left out).
    assert counts(frame, "countries") == {"UZB": 2, "KGZ": 1, "KAZ": 1}
    # Types: what each type holds in Uzbekistan.
    assert counts(frame, "types") == {"cases": 2, "claims": 1}
    assert counts(frame, "sentences") == {"restricted_freedom": 1, "pending": 1}


def test_the_search_reaches_publishers_and_stage_courts(version):
    assert counts(queries.facet_counts(version, view("q=fergana")), "types") == {"cases": 1}
    rows = queries.records(version, view("q=tashkent district"))
    assert list(rows["record_id"]) == ["C-0001"]


def test_one_record_comes_back_with_every_column(version):
    row = queries.record(version, "C-0003").iloc[0]
    assert row["case_id"] == "C-0003"
    assert row["summary"].startswith("Synthetic case with a very long summary.")
    assert len(row["summary"]) > 3000
    assert queries.record(version, "C-9999").empty
    assert queries.record(version, "").empty


def test_every_source_of_a_record_with_publisher_date_language_and_link(version):
    sources = queries.record_sources(version, "C-0001")
    assert list(sources["source_id"]) == ["S-0001", "S-0002"]
    second = sources.iloc[1]
    assert (second["published"], second["language"]) == ("2024-06", "ru")
    assert second["publisher"].endswith("Газета")
    assert second["url"] == "https://example.org/synthetic/2"


def test_case_stages_come_oldest_first(version):
    stages = queries.case_stages(version, "C-0001")
    assert list(stages["stage"]) == ["verdict", "appeal"]
    assert list(stages["stage_date"]) == ["2024-04", "2024-06-15"]
    assert queries.case_stages(version, "C-0002").empty


def test_records_citing_the_same_source_are_linked_both_ways(version):
    assert list(queries.linked_records(version, "C-0001")["record_id"]) == ["I-0011"]
    linked = queries.linked_records(version, "I-0011")
    assert list(linked["record_id"]) == ["C-0001"]
    assert list(linked["shared_sources"]) == ["S-0001"]
    assert queries.linked_records(version, "C-0002").empty


def test_several_chart_points_resolve_to_the_union_of_their_records(version):
    ids = queries.matching_ids(version, (view("country=KAZ"), view("kind=migrant_raid")))
    assert ids == ("C-0003", "I-0011")


def test_only_http_links_are_ever_offered(tmp_path, monkeypatch):
    """Validation already rejects other schemes; the query refuses them again if one slipped in."""
    raw = extract.run(write(tmp_path / "data"))
    tables = transform.run(raw.frames)
    sources = tables["sources"].copy()
    sources.loc[sources["source_id"] == "S-0003", "url"] = "javascript:alert(1)"
    tables["sources"] = sources
    db_file = tmp_path / "m.duckdb"
    runs = publish.runs_frame([])
    # publish.check refuses such a link too; skip it to reach the query's own defence.
    monkeypatch.setattr(publish, "check", lambda con, tables: None)
    publish.swap(publish.build(db_file, tables, {"data_version": "x"}, runs), db_file)
    monkeypatch.setenv("MONITOR_DB", str(db_file))
    version = db.version()
    row = queries.records(version, view("ids=C-0002")).iloc[0]
    assert pd.isna(row["first_source_url"])
    assert queries.record_sources(version, "C-0002")["url"].isna().all()


@pytest.mark.parametrize("sort", SORTS)
def test_pages_in_turn_give_every_record_once_in_the_views_order(version, sort):
    every = list(queries.records(version, Filters(sort=sort))["record_id"])
    pages = [queries.page(version, Filters(sort=sort), n, size=3) for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [3, 3, 2, 0]
    assert [i for p in pages for i in p["record_id"]] == every
    assert list(pages[0].columns) == queries.RESULT_COLUMNS


@pytest.mark.parametrize("query", list(EXPECTED))
def test_the_facet_counts_give_the_views_count_per_type(version, query):
    filters = view(query)
    by_type = explore_view.type_counts(queries.facet_counts(version, filters), filters.types)
    expected = Counter(queries.record_type(i) for i in EXPECTED[query])
    assert by_type == {kind: expected[kind] for kind in ("cases", "incidents", "claims")}


def test_a_record_is_known_to_match_the_view_or_not(version):
    assert queries.matches(version, view("country=UZB"), "C-0001")
    assert not queries.matches(version, view("country=KAZ"), "C-0001")
    assert not queries.matches(version, Filters(), "C-9999")


# -- at more than one page: the synthetic scale data (tests/conftest.py scaled_db) -----------


@pytest.fixture
def scaled(monkeypatch, scaled_db) -> str:
    monkeypatch.setenv("MONITOR_DB", str(scaled_db))
    return db.version()


def test_the_pages_of_a_large_view_add_up_to_every_record(scaled):
    every = queries.records(scaled, Filters())
    assert len(every) > 2 * queries.PAGE_SIZE
    total = sum(explore_view.type_counts(queries.facet_counts(scaled, Filters())).values())
    assert total == len(every)
    pages = [queries.page(scaled, Filters(), n) for n in range(1, total // queries.PAGE_SIZE + 2)]
    assert all(len(p) == queries.PAGE_SIZE for p in pages[:-1])
    pd.testing.assert_frame_equal(pd.concat(pages, ignore_index=True), every)


def views_to_count() -> list[Filters]:
    """Fixed views plus random combinations of facets (seeded: the same every run)."""
    fixed = [
        "",
        "country=UZB",
        "country=UZB,KGZ&type=cases",
        "type=cases&sentence=prison&band=3to5y,5to10y",
        "article=UZB CC 154,KAZ CC 172&country=KAZ",
        "kind=migrant_raid&from=2023-01-01&to=2024-06-30",
        "q=tashkent&verification=single_source",
    ]
    views = [view(q) for q in fixed]
    rng = random.Random(7)
    choices = {field: values for field, values in permalink.LIST_PARAMS.values()}
    choices["articles"] = ("UZB CC 154", "KAZ CC 172", "KGZ CC 416", "none")
    for _ in range(25):
        picked = rng.sample(sorted(choices), rng.randint(1, 4))
        views.append(
            Filters(**{f: tuple(rng.sample(choices[f], rng.randint(1, 2))) for f in picked})
        )
    return views


def straightforward_facet_counts(filters: Filters) -> pd.DataFrame:
    """The facet counts as first written: one query per facet, its own filter left out."""
    frames = []
    for facet in queries.FACETS:
        clause, params = queries.where(filters, exclude=facet)
        declared = facets.BY_FIELD[facet]
        value = f"unnest({declared.column})" if declared.kind == "tags" else declared.column
        frames.append(
            db.query(
                f"SELECT '{facet}' AS facet, value, count(*) AS n FROM "
                f"(SELECT {value} AS value FROM explore_records WHERE {clause}) "
                "WHERE value IS NOT NULL GROUP BY ALL",
                params,
            )
        )
    return pd.concat(frames, ignore_index=True)


def as_set(frame: pd.DataFrame) -> set[tuple[str, str, int]]:
    return {(f, v, int(n)) for f, v, n in frame[["facet", "value", "n"]].itertuples(index=False)}


def test_facet_counts_equal_one_query_per_facet_for_many_views(scaled):
    nonempty = 0
    for filters in views_to_count():
        counts = queries.facet_counts(scaled, filters)
        got = as_set(counts)
        assert got == as_set(straightforward_facet_counts(filters)), filters
        nonempty += bool(got)
        # The count per type the page shows is the view's own.
        found = Counter(queries.records(scaled, filters)["record_type"])
        shown = explore_view.type_counts(counts, filters.types)
        assert shown == {kind: found[kind] for kind in shown}, filters
    assert nonempty > 10


def test_every_facet_is_a_column_the_refresh_counts():
    assert sorted(queries.FACET_COLUMNS.values()) == sorted(explore_records.FACET_COLUMNS)


def test_facet_counts_come_most_common_first_within_each_facet(scaled):
    frame = queries.facet_counts(scaled, Filters())
    for _, part in frame.groupby("facet"):
        assert part["n"].is_monotonic_decreasing
