"""The explorer's URL: every parameter validated, a view written back reopens the same view."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.explore import drilldown, permalink
from dashboard.explore.permalink import Filters, Note, parse, to_params, to_query
from etl import facets


def test_a_shared_link_is_read_into_filters():
    parsed = parse(
        {
            "country": "UZB,KGZ",
            "from": "2023-01-01",
            "to": "2024-12-31",
            "q": "wagner",
            "type": "cases",
        }
    )
    assert parsed.notes == []
    assert parsed.filters == Filters(
        types=("cases",),
        countries=("UZB", "KGZ"),
        date_from=dt.date(2023, 1, 1),
        date_to=dt.date(2024, 12, 31),
        q="wagner",
    )


def test_repeated_and_comma_separated_values_mean_the_same():
    assert parse({"country": ["UZB", "KGZ"]}).filters == parse({"country": "UZB,KGZ"}).filters


def test_codes_are_matched_whatever_their_case_and_duplicates_dropped():
    assert parse({"country": "uzb,UZB, kgz"}).filters.countries == ("UZB", "KGZ")
    assert parse({"side": "RUSSIA"}).filters.sides == ("russia",)


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"country": "UZB,XXX"}, Note("bad_value", "country", "XXX")),
        ({"type": "laws"}, Note("bad_value", "type", "laws")),
        ({"band": "forever"}, Note("bad_value", "band", "forever")),
        ({"article": "UZB CC 154(1)"}, Note("bad_value", "article", "UZB CC 154(1)")),
        ({"ids": "C-0001,DROP TABLE"}, Note("bad_value", "ids", "DROP TABLE")),
        ({"from": "yesterday"}, Note("bad_date", "from", "yesterday")),
        ({"to": "2024-02-30"}, Note("bad_date", "to", "2024-02-30")),
        ({"from": "1900"}, Note("bad_date", "from", "1900")),
        ({"sort": "random"}, Note("bad_value", "sort", "random")),
        ({"id": "../../etc/passwd"}, Note("bad_value", "id", "../../etc/passwd")),
        ({"utm_source": "x"}, Note("unknown_param", "utm_source")),
    ],
)
def test_a_value_we_cannot_use_is_dropped_with_a_note(params, note):
    parsed = parse(params)
    assert parsed.notes == [note]


def test_the_valid_part_of_a_partly_bad_link_still_applies():
    parsed = parse({"country": "UZB,XXX", "q": "wagner", "foo": "bar"})
    assert parsed.filters == Filters(countries=("UZB",), q="wagner")
    assert [n.kind for n in parsed.notes] == ["bad_value", "unknown_param"]


def test_the_language_parameter_belongs_to_the_app_and_is_not_flagged():
    assert parse({"lang": "ru"}).notes == []


def test_a_very_long_value_is_cut_in_the_note_and_the_search():
    parsed = parse({"country": "X" * 5000, "q": "word " * 1000})
    bad = next(n for n in parsed.notes if n.param == "country")
    assert len(bad.value) <= permalink.SHOWN_VALUE
    assert len(parsed.filters.q) == permalink.MAX_QUERY
    assert {n.kind for n in parsed.notes} >= {"bad_value", "too_long"}


def test_partial_dates_cover_their_whole_period():
    parsed = parse({"from": "2023", "to": "2024-02"})
    assert parsed.filters.date_from == dt.date(2023, 1, 1)
    assert parsed.filters.date_to == dt.date(2024, 2, 29)
    assert parse({"to": "2023"}).filters.date_to == dt.date(2023, 12, 31)
    assert parse({"from": "2023-05"}).filters.date_from == dt.date(2023, 5, 1)


def test_dates_the_wrong_way_round_are_swapped_and_said():
    parsed = parse({"from": "2024-12-31", "to": "2023-01-01"})
    assert (parsed.filters.date_from, parsed.filters.date_to) == (
        dt.date(2023, 1, 1),
        dt.date(2024, 12, 31),
    )
    assert parsed.notes == [Note("swapped_dates", "from")]


def test_to_params_writes_the_shortest_stable_link():
    view = Filters(countries=("UZB", "KGZ"), types=("cases",), q=" wagner ", sort="date_desc")
    assert to_params(view) == {"type": "cases", "country": "KGZ,UZB", "q": "wagner"}
    assert to_query(view) == "type=cases&country=KGZ,UZB&q=wagner"
    assert to_params(Filters()) == {}


def test_sorting_and_the_open_record_are_kept_but_do_not_count_as_filters():
    view = parse({"sort": "id", "id": "c-0001"}).filters
    assert (view.sort, view.record) == ("id", "C-0001")
    assert not view.active()
    assert parse({"country": "UZB"}).filters.active()


codes = st.lists(st.sampled_from(permalink.COUNTRIES), max_size=4)
dates = st.one_of(st.none(), st.dates(dt.date(1991, 1, 1), dt.date(2099, 12, 31)))
words = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x4FF, blacklist_characters=","),
    max_size=40,
)


@given(
    countries=codes,
    types=st.lists(st.sampled_from(permalink.RECORD_TYPES), max_size=3),
    bands=st.lists(st.sampled_from(tuple(permalink.BANDS)), max_size=3),
    date_from=dates,
    date_to=dates,
    q=words,
    sort=st.sampled_from(permalink.SORTS),
)
def test_a_written_link_reads_back_as_the_same_view(
    countries, types, bands, date_from, date_to, q, sort
):
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    view = Filters(
        countries=tuple(dict.fromkeys(countries)),
        types=tuple(dict.fromkeys(types)),
        bands=tuple(dict.fromkeys(bands)),
        date_from=date_from,
        date_to=date_to,
        q=" ".join(q.split()),
        sort=sort,
    )
    again = parse(to_params(view))
    assert again.notes == []
    assert to_params(again.filters) == to_params(view)


# Every facet with a code list, as declared (etl/facets.py): a new one is covered here unasked.
every_code_facet = st.fixed_dictionaries(
    {
        f.field: st.lists(st.sampled_from(f.allowed), max_size=3, unique=True).map(tuple)
        for f in facets.FACETS
        if f.kind == "codes"
    }
)


@given(every_code_facet)
def test_every_facet_of_codes_reads_back_from_a_written_link(chosen):
    view = Filters(**chosen)
    again = parse(to_params(view))
    assert again.notes == []
    assert {k: set(getattr(again.filters, k)) for k in chosen} == {
        k: set(v) for k, v in chosen.items()
    }


@pytest.mark.parametrize(
    ("q", "terms"),
    [
        ("Wagner", ["wagner"]),
        ("wagner  naryn wagner", ["wagner", "naryn"]),
        ('"Naryn Regional" court', ["naryn regional", "court"]),
        ('""', []),
        ("", []),
    ],
)
def test_search_terms_are_words_or_quoted_phrases(q, terms):
    assert permalink.search_terms(q) == terms


def test_too_many_search_terms_are_cut_with_a_note():
    parsed = parse({"q": " ".join(f"w{i}" for i in range(20))})
    assert Note("too_many", "q", str(permalink.MAX_TERMS)) in parsed.notes
    assert len(permalink.search_terms(parsed.filters.q)) == permalink.MAX_TERMS


@pytest.mark.parametrize(
    ("start", "period", "bounds"),
    [
        (dt.date(2023, 1, 1), "year", (dt.date(2023, 1, 1), dt.date(2023, 12, 31))),
        (dt.date(2023, 4, 1), "quarter", (dt.date(2023, 4, 1), dt.date(2023, 6, 30))),
        (dt.date(2024, 10, 1), "quarter", (dt.date(2024, 10, 1), dt.date(2024, 12, 31))),
    ],
)
def test_a_period_runs_from_its_first_to_its_last_day(start, period, bounds):
    assert permalink.period_bounds(start, period) == bounds


@pytest.mark.parametrize(
    ("chart", "point", "period", "params"),
    [
        ("cases-by-country", {"customdata": "UZB"}, "year", {"type": "cases", "country": "UZB"}),
        (
            "cases-over-time",
            {"customdata": "KGZ", "x": "2023-04-01"},
            "quarter",
            {"type": "cases", "country": "KGZ", "from": "2023-04-01", "to": "2023-06-30"},
        ),
        (
            "cases-over-time",
            {"customdata": ["KAZ"], "x": "2019-01-01 00:00:00"},
            "year",
            {"type": "cases", "country": "KAZ", "from": "2019-01-01", "to": "2019-12-31"},
        ),
        ("sentence-lengths", {"customdata": ["C-0007"]}, "year", {"ids": "C-0007", "id": "C-0007"}),
        (
            "sentence-types",
            {"customdata": ["UZB", "prison"]},
            "year",
            {"type": "cases", "country": "UZB", "sentence": "prison"},
        ),
        (
            "incidents-by-type",
            {"customdata": ["several", "ngo_report"]},
            "year",
            {"type": "incidents", "country": "several", "kind": "ngo_report"},
        ),
    ],
)
def test_a_clicked_bar_or_point_opens_its_own_records(chart, point, period, params):
    assert to_params(drilldown.view_for(chart, point, period)) == params


@pytest.mark.parametrize(
    ("chart", "point"),
    [
        ("cases-by-country", {}),
        ("cases-by-country", {"customdata": "XXX"}),
        ("cases-by-country", {"customdata": "UZB,KGZ"}),
        ("cases-over-time", {"customdata": "UZB", "x": "not a date"}),
        ("sentence-types", {"customdata": ["UZB"]}),
        ("no-such-chart", {"customdata": "UZB"}),
    ],
)
def test_a_point_we_cannot_read_opens_nothing_rather_than_too_much(chart, point):
    assert drilldown.view_for(chart, point) is None
