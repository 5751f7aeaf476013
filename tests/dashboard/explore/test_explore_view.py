"""Explorer tables as a reader sees them, built from tiny frames."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.explore import view
from dashboard.i18n import DEFAULT, catalog, entries, language


def name(group: str, code: object) -> str:
    return f"<{group}:{code}>"


def text(key: str, **values) -> str:
    return key + "|" + ",".join(f"{k}={v}" for k, v in sorted(values.items()))


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        ("2024-05-01", "month", "2024-05"),
        ("2024-01-01", "year", "2024"),
        ("2024-05-17", "day", "2024-05-17"),
        ("2024-05-17", None, "2024-05-17"),
        (None, "day", ""),
        (pd.NaT, "month", ""),
    ],
)
def test_a_partial_date_is_shown_as_precisely_as_it_is_known(value, precision, shown):
    assert view.partial_date(value, precision) == shown


def rows(**overrides) -> pd.DataFrame:
    base = {
        "record_type": ["cases", "incidents", "claims", "cases"],
        "record_id": ["C-0001", "I-0001", "F-0001", "C-0002"],
        "date_text": ["2024-05", None, "2023", "2022-01-02"],
        "date_basis": ["verdict", None, "as_of", "report"],
        "country": ["UZB", "several", "KGZ", "KAZ"],
        "sentence_type": ["prison", None, None, "pending"],
        "sentence_months": pd.array([60, None, None, None], dtype="Int64"),
        "incident_type": [None, "online_ad", None, None],
        "metric": [None, None, "killed", None],
        "value": pd.array([None, None, 1500, None], dtype="Int64"),
        "value_qualifier": [None, None, "at_least", None],
        "summary": ["a", "b", "c", "d"],
        "source_count": [2, 1, 1, 3],
        "first_source_url": ["https://a.example/1", None, "https://c.example", None],
    }
    return pd.DataFrame(base | overrides)


def test_the_results_table_names_each_record_in_a_few_words():
    table = view.results_table(rows(), name, text)
    assert list(table.columns) == view.RESULT_COLUMNS
    assert list(table["what"]) == [
        "explore.what.sentence|months=60,type=<sentence_type:prison>",
        "<incident_type:online_ad>",
        "explore.what.claim|metric=<metric:killed>,"
        "qualifier=<value_qualifier:at_least>,value=1,500",
        "<sentence_type:pending>",
    ]
    assert list(table["date_text"]) == ["2024-05", "", "2023", "2022-01-02"]
    assert table.loc[1, "date_basis"] == ""
    assert table.loc[1, "country"] == "<country:several>"
    assert table["source_count"].tolist() == [2, 1, 1, 3]


def test_each_type_is_counted_even_when_absent():
    counts = pd.DataFrame(
        {
            "facet": ["types", "types", "countries"],
            "value": ["cases", "claims", "UZB"],
            "n": [2, 1, 3],
        }
    )
    assert view.type_counts(counts) == {"cases": 2, "incidents": 0, "claims": 1}
    assert view.type_counts(counts.iloc[0:0]) == {"cases": 0, "incidents": 0, "claims": 0}


def test_types_the_view_did_not_choose_count_zero():
    """The types facet counts every type under the other filters; the view shows only its own."""
    counts = pd.DataFrame({"facet": ["types", "types"], "value": ["cases", "claims"], "n": [2, 1]})
    assert view.type_counts(counts, ("cases",)) == {"cases": 2, "incidents": 0, "claims": 0}


@pytest.mark.parametrize(
    ("number", "size", "total", "span"),
    [
        (1, 200, 1234, (1, 200)),
        (2, 200, 1234, (201, 400)),
        (7, 200, 1234, (1201, 1234)),
        (1, 200, 46, (1, 46)),
        (1, 200, 0, (0, 0)),
    ],
)
def test_a_page_says_which_rows_it_shows(number, size, total, span):
    assert view.page_span(number, size, total) == span


def test_no_rows_give_an_empty_table_with_the_same_columns():
    assert list(view.results_table(rows().iloc[0:0], name, text).columns) == view.RESULT_COLUMNS


def test_every_contract_field_of_a_record_is_listed_in_order():
    row = pd.Series(
        {
            "case_id": "C-0001",
            "country_iso3": "UZB",
            "verdict_date": pd.Timestamp("2024-05-01"),
            "date_precision": "month",
            "report_date": pd.Timestamp("2024-06-03"),
            "report_date_precision": "day",
            "sentence_months": 60,
            "side": "russia",
            "summary": "x" * 5000,
            "contradictions": None,
        }
    )
    fields = view.record_fields(row, "cases", name, text).set_index("field")["value"]
    from etl.contract import CASES

    assert len(fields) == len(CASES.columns)
    assert fields["explore.field.verdict_date|"] == "2024-05"
    assert fields["explore.field.report_date|"] == "2024-06-03"
    assert fields["explore.field.country_iso3|"] == "<country:UZB> (UZB)"
    assert fields["explore.field.side|"] == "<side:russia> (russia)"
    assert fields["explore.field.sentence_months|"] == "60"
    assert fields["explore.field.summary|"] == "x" * 5000
    assert fields["explore.field.contradictions|"] == "explore.none|"


def test_facet_options_keep_every_value_and_count_the_current_ones():
    everywhere = pd.DataFrame(
        {"facet": ["countries"] * 3, "value": ["UZB", "KGZ", "several"], "n": [5, 3, 1]}
    )
    now = pd.DataFrame({"facet": ["countries"], "value": ["KGZ"], "n": [2]})
    options, counts = view.facet_options(now, everywhere, "countries", ("KAZ", "KGZ", "UZB"))
    assert options == ["KGZ", "UZB", "several"]
    assert counts == {"KGZ": 2}
    unordered, _ = view.facet_options(now, everywhere, "countries")
    assert unordered == ["UZB", "KGZ", "several"]


def shown(key: str, lang: str) -> bool:
    """The language has the text itself, or its page is declared untranslated and the
    stand-in language has it (dashboard/locales/README.md)."""
    spoken = language(lang)
    if key in catalog(lang):
        return True
    page = entries(DEFAULT).get(key, {}).get("file")
    return page in spoken.untranslated and key in catalog(spoken.fallback or DEFAULT)


def test_every_code_the_explorer_can_show_has_a_label_in_every_language():
    from dashboard.explore import permalink
    from dashboard.i18n import LANGUAGES
    from etl import contract, facets

    groups = {
        "record_type": permalink.RECORD_TYPES,
        "stage": tuple(contract.STAGES),
        "claimant_type": tuple(contract.CLAIMANT_TYPES),
        "metric": tuple(contract.METRICS),
        "value_qualifier": tuple(contract.QUALIFIERS),
        "explore.sort": permalink.SORTS,
        "incident_type": tuple(contract.INCIDENT_TYPES),
        # Every facet's codes, under the group the sidebar names them with.
        **{f.codes: f.allowed for f in facets.FACETS if f.kind == "codes"},
    }
    columns = {
        c.name for f in (contract.CASES, contract.INCIDENTS, contract.CLAIMS) for c in f.columns
    }
    for lang in LANGUAGES:
        missing = [f"{g}.{code}" for g, codes in groups.items() for code in codes]
        missing += [f"explore.field.{c}" for c in columns]
        missing += [f"explore.note.{k}" for k in ("unknown_param", "bad_value", "bad_date")]
        missing += [f"explore.note.{k}" for k in ("swapped_dates", "too_long", "too_many")]
        assert [key for key in missing if not shown(key, lang)] == [], lang


def test_a_code_has_one_name_whatever_the_page():
    """One column-to-label map: the explorer keeps no second name for a code (it once called a
    claim "Official figure" while the other pages said "Claim")."""
    from dashboard.i18n import LANGUAGES, catalog

    grouped = set(view.LABEL_GROUPS.values())
    for lang in LANGUAGES:
        doubles = [
            k for k in catalog(lang) if k.split(".")[:2][-1] in grouped and k.startswith("explore.")
        ]
        assert doubles == [], lang
