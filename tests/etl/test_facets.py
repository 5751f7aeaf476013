"""The explorer's facets and record types, declared once, are complete wherever they show."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from dashboard.i18n import DEFAULT, LANGUAGES, catalog, entries, language
from etl import facets

README = Path(__file__).resolve().parents[2] / "README.md"


def shown(key: str, lang: str) -> bool:
    """The language has the text itself, or its page is declared untranslated and the
    stand-in language has it (dashboard/locales/README.md)."""
    spoken = language(lang)
    if key in catalog(lang):
        return True
    page = entries(DEFAULT).get(key, {}).get("file")
    return page in spoken.untranslated and key in catalog(spoken.fallback or DEFAULT)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_facet_has_its_heading_in_every_language(lang):
    missing = [f.param for f in facets.FACETS if not shown(f.label, lang)]
    assert missing == [], lang


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_code_a_facet_offers_has_a_name_in_every_language(lang):
    missing = [
        (f.param, code)
        for f in facets.FACETS
        if f.kind == "codes"
        for code in f.allowed
        if not shown(f"{f.codes}.{code}", lang)
    ]
    assert missing == [], lang


def test_every_facet_has_its_line_in_the_readme():
    lines = README.read_text(encoding="utf-8").splitlines()
    listed = [m[1] for line in lines if (m := re.match(r"- `(\w+)=` ", line))]
    assert listed == [f.param for f in facets.FACETS]


def test_every_facet_tests_a_column_of_the_explorers_table(explore_db):
    with duckdb.connect(str(explore_db), read_only=True) as con:
        columns = {r[0] for r in con.execute("DESCRIBE explore_records").fetchall()}
    assert {f.column for f in facets.FACETS} <= columns


def test_a_facet_fills_only_for_the_record_types_it_names(explore_db):
    """A facet's column is empty for the types it leaves out (so they never match it)."""
    with duckdb.connect(str(explore_db), read_only=True) as con:
        for f in facets.FACETS:
            if f.kind not in ("codes", "tags") or f.column == "record_type":
                continue
            filled = {
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT record_type FROM explore_records WHERE {f.column} IS NOT NULL"
                ).fetchall()
            }
            assert filled <= set(f.types), f.param


def test_parameters_fields_and_columns_are_unique_names():
    for attr in ("param", "field"):
        names = [getattr(f, attr) for f in facets.FACETS]
        assert len(names) == len(set(names)), attr
    assert len(facets.COUNTED_COLUMNS) == len(set(facets.COUNTED_COLUMNS))


def test_record_types_have_distinct_prefixes_and_tables():
    for attr in ("name", "table", "prefix", "links"):
        values = [getattr(r, attr) for r in facets.RECORD_TYPES]
        assert len(values) == len(set(values)), attr


def test_a_facet_of_codes_without_its_list_is_refused():
    with pytest.raises(AssertionError, match="allowed"):
        facets.Facet("x", "xs", "codes", "x", "explore.filter.x")
