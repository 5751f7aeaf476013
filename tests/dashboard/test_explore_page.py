"""The explorer page in AppTest: a link's parameters give exactly the expected rows, widgets
write the URL back, bad links get a note, and every edge state renders without a traceback."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from explore_fixtures import ALL, EXPECTED, LONG_SUMMARY
from monitor_fixtures import write_dataset
from streamlit.testing.v1 import AppTest

from dashboard.escape import plain_markdown
from dashboard.queries import explore as queries
from etl import refresh

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
COUNT = re.compile(r"^\*\*(\d+) records?\*\*")


def run_explorer(monkeypatch, db, query: str = "", **params) -> AppTest:
    monkeypatch.setenv("MONITOR_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/explore.py")
    for key, values in parse_qs(query, keep_blank_values=True).items():
        at.query_params[key] = values if len(values) > 1 else values[0]
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def shown_count(at: AppTest) -> int:
    counts = [int(m[1]) for el in at.markdown if (m := COUNT.match(el.value))]
    assert len(counts) == 1, [el.value for el in at.markdown]
    return counts[0]


def shown_ids(at: AppTest) -> list[str]:
    tables = [d.value for d in at.dataframe if "record_id" in d.value.columns]
    return list(tables[0]["record_id"]) if tables else []


@pytest.mark.parametrize("query", list(EXPECTED))
def test_a_permalink_opens_exactly_the_expected_records(monkeypatch, explore_db, query):
    at = run_explorer(monkeypatch, explore_db, query)
    assert sorted(shown_ids(at)) == sorted(EXPECTED[query])
    assert shown_count(at) == len(EXPECTED[query])


def test_a_permalink_on_the_shared_synthetic_db(monkeypatch, synthetic_db):
    at = run_explorer(monkeypatch, synthetic_db, "country=KGZ")
    assert sorted(shown_ids(at)) == ["C-0002", "I-0011"]
    assert shown_count(at) == 2
    at = run_explorer(monkeypatch, synthetic_db, "type=cases&from=2023-01-01")
    assert sorted(shown_ids(at)) == ["C-0001", "C-0002"]


def test_the_widgets_show_the_link_and_count_each_value(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "country=UZB&type=cases&q=wagner")
    countries = at.multiselect(key="explore_countries")
    assert countries.value == ["UZB"]
    labels = dict(zip(countries.options, countries.options, strict=True))
    assert "Uzbekistan (1)" in labels
    assert "Kyrgyzstan (0)" in labels
    assert at.text_input(key="explore_q").value == "wagner"


def test_changing_a_filter_rewrites_the_url(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db)
    assert shown_count(at) == 8
    at.multiselect(key="explore_countries").select("UZB").run()
    assert at.query_params["country"] == "UZB"
    assert shown_count(at) == 3
    at.text_input(key="explore_q").input("wagner").run()
    assert at.query_params["q"] == "wagner"
    assert shown_ids(at) == ["C-0001"]
    assert any("country=UZB&q=wagner" in c.value for c in at.code)


def test_clearing_the_filters_shows_everything_again(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "country=UZB&band=3to5y")
    assert shown_count(at) == 1
    clear = next(b for b in at.button if b.label == "Clear all filters")
    clear.click().run()
    assert shown_count(at) == 8
    assert "country" not in at.query_params


def test_a_malformed_link_is_ignored_with_a_visible_note(monkeypatch, explore_db):
    at = run_explorer(
        monkeypatch,
        explore_db,
        "country=UZB,ATLANTIS&from=2024-99-99&bogus=1&sort=sideways&id=<script>",
    )
    notes = " ".join(w.value for w in at.warning)
    # Quoted literally: Markdown-escaped in the source, shown as typed.
    assert "\\<script\\>" in notes
    for fragment in ("ATLANTIS", "2024-99-99", "bogus", "sideways", "<script>"):
        assert fragment in notes.replace("\\", "")
    assert sorted(shown_ids(at)) == ["C-0001", "C-0004", "F-0021"]
    # The address is cleaned to what is really shown.
    assert dict(at.query_params) == {"country": "UZB"}


def test_no_match_says_so(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "q=nothing-like-this")
    assert shown_count(at) == 0
    assert any("No record matches" in i.value for i in at.info)


def test_an_empty_database_says_so(monkeypatch, tmp_path):
    folder = write_dataset(tmp_path / "data", cases=[], incidents=[], sources=[])
    db = tmp_path / "m.duckdb"
    assert refresh.run(folder, db).ok
    at = run_explorer(monkeypatch, db, "country=UZB")
    assert any("holds no cases" in i.value for i in at.info)


def test_a_missing_database_gets_the_apps_message(monkeypatch, tmp_path):
    at = run_explorer(monkeypatch, tmp_path / "nothing.duckdb", "country=UZB")
    assert "make run" in at.warning[0].value


def test_a_record_shows_every_field_source_stage_and_link(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "id=C-0001")
    assert at.selectbox(key="explore_record").value == "C-0001"
    assert any(s.value.startswith("C-0001: Court case, Uzbekistan") for s in at.subheader)
    fields = at.table[0].value
    assert "returned from the Wagner group" in " ".join(map(str, fields.iloc[:, 0]))
    frames = {tuple(d.value.columns): d.value for d in at.dataframe}
    sources = next(f for cols, f in frames.items() if "publisher" in cols)
    assert list(sources["source_id"]) == ["S-0001", "S-0002"]
    assert list(sources["published"]) == ["2024-05-02", "2024-06"]
    stages = next(f for cols, f in frames.items() if "stage" in cols)
    assert list(stages["stage_date"]) == ["2024-04", "2024-06-15"]
    linked = next(f for cols, f in frames.items() if "shared_sources" in cols)
    assert list(linked["record_id"]) == ["I-0011"]
    assert any(c.value.endswith("/explore?id=C-0001") for c in at.code)


def test_a_record_without_stages_or_links_says_none(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "id=F-0022")
    captions = " ".join(c.value for c in at.caption)
    assert "No earlier stage" in captions
    assert "No other record cites these sources" in captions


def test_a_very_long_summary_is_shown_whole(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "id=C-0003")
    # The fields table renders Markdown, so its text is escaped (dashboard/escape.py).
    assert plain_markdown(LONG_SUMMARY) in set(at.table[0].value.iloc[:, 0])


def test_a_linked_record_outside_the_filters_is_still_opened(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "country=KAZ&id=C-0001")
    assert any("not among the filtered rows" in c.value for c in at.caption)
    at = run_explorer(monkeypatch, explore_db, "id=C-0999")
    assert any("no record C-0999" in w.value for w in at.warning)


def test_picking_a_record_puts_it_in_the_url(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "type=claims")
    at.selectbox(key="explore_record").select("F-0021").run()
    assert at.query_params["id"] == "F-0021"
    assert at.query_params["type"] == "claims"


def test_downloads_and_the_citation_carry_the_version(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "type=cases")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download as CSV (4)" in labels
    assert "Download as Parquet (4)" in labels
    assert "Download as XLSX (4)" in labels
    assert any(label.startswith("Full release, data version") for label in labels)
    citation = next(c.value for c in at.code if c.value.startswith("Central Asia"))
    assert "4 records" in citation and "/explore?type=cases" in citation


def test_the_explorer_speaks_russian(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db, "country=UZB", lang="ru")
    assert at.title[0].value == "Все записи"
    assert any(m.value.startswith("**Записей: 3**") for m in at.markdown)
    # The language switch survives the URL rewrite.
    assert at.query_params["lang"] == "ru"
    assert any(c.value == "/explore?country=UZB&lang=ru" for c in at.code)


def test_the_explorer_renders_on_the_real_data(monkeypatch, real_db):
    at = run_explorer(monkeypatch, real_db)
    assert shown_count(at) > 0
    assert not at.warning


def test_a_long_result_is_shown_a_page_at_a_time(monkeypatch, explore_db):
    monkeypatch.setattr(queries, "PAGE_SIZE", 3)
    at = run_explorer(monkeypatch, explore_db, "sort=id")
    assert shown_count(at) == 8
    seen = shown_ids(at)
    assert len(seen) == 3
    for number in (2, 3):
        at.number_input(key="explore_page").set_value(number).run()
        assert shown_count(at) == 8
        seen += shown_ids(at)
    assert seen == sorted(ALL)
    assert any(c.value.startswith("Rows 7–8 of 8") for c in at.caption)
    # The downloads and the citation count every record, not the page.
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download as CSV (8)" in labels
    assert any("8 records" in c.value for c in at.code)
    # Another view starts again at its first page.
    at.pills(key="explore_types").set_value(["cases"]).run()
    assert at.number_input(key="explore_page").value == 1
    assert shown_ids(at) == ["C-0001", "C-0002", "C-0003"]


def test_the_open_record_keeps_the_page(monkeypatch, explore_db):
    monkeypatch.setattr(queries, "PAGE_SIZE", 3)
    at = run_explorer(monkeypatch, explore_db, "sort=id")
    at.number_input(key="explore_page").set_value(2).run()
    at.selectbox(key="explore_record").select("C-0004").run()
    assert at.query_params["id"] == "C-0004"
    assert at.number_input(key="explore_page").value == 2
    assert shown_ids(at) == ["C-0004", "F-0021", "F-0022"]


def test_one_page_needs_no_page_selector(monkeypatch, explore_db):
    at = run_explorer(monkeypatch, explore_db)
    assert not [n for n in at.number_input if n.key == "explore_page"]
