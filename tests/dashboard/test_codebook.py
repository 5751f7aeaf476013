"""The methodology's codebook is the contract, rendered; the update log reads etl_runs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import codebook
from etl.contract import FILES


def test_every_code_list_of_the_contract_appears_once():
    listed = {id(allowed) for _, _, allowed in codebook.vocabularies()}
    expected = {id(c.allowed) for f in FILES for c in f.columns if c.allowed}
    assert listed == expected


def test_a_code_table_names_codes_in_the_interface_language():
    st.session_state["lang"] = "ru"
    try:
        table = codebook.codes_table("sentence_type", {"prison": "Real prison term"})
    finally:
        st.session_state["lang"] = "en"
    assert table.iloc[0].tolist() == ["prison", "Лишение свободы", "Real prison term"]


def test_changes_read_as_added_removed_changed():
    st.session_state["lang"] = "en"
    text = codebook.changes_text('{"cases": {"added": 2, "removed": 0, "changed": 1}, "laws": {}}')
    assert text == "Court case +2 −0 ~1"
    assert codebook.changes_text('{"cases": {"added": 0}}') == "no change"
    assert codebook.changes_text("not json") == ""


def test_the_runs_table_has_one_row_per_refresh():
    runs = pd.DataFrame(
        {
            "finished_at": pd.to_datetime(["2026-01-02 10:00"], utc=True),
            "outcome": ["published"],
            "data_version": ["abc"],
            "changes": ['{"cases": {"added": 1}}'],
            "rejected": [0],
        }
    )
    table = codebook.runs_table(runs)
    assert table.iloc[0].tolist() == [
        "2026-01-02 10:00 UTC",
        "Published",
        "abc",
        "Court case +1 −0 ~0",
        0,
    ]
