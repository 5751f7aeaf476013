"""Whole-column text helpers: same answers as Python's own str methods, computed in Arrow."""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from etl import columns


def test_the_spelled_out_whitespace_class_is_pythons_own():
    # WHITESPACE stands in for \s so that Arrow's regex engine can run the rules;
    # it must accept exactly what Python's \s accepts, in both engines.
    chars = [chr(i) for i in range(0x3100) if not 0xD800 <= i <= 0xDFFF]
    python = [bool(re.fullmatch(r"\s", c)) for c in chars]
    assert [bool(re.fullmatch(columns.WHITESPACE, c)) for c in chars] == python
    arrow = pc.match_substring_regex(pa.array(chars), f"^{columns.WHITESPACE}$")
    assert arrow.to_pylist() == python


@pytest.mark.parametrize("text", ["a", " a", "a ", "a\u00a0", "\u3000a", "a b", "", "   "])
def test_padded_is_true_exactly_where_strip_changes_the_value(text):
    assert columns.padded(pd.Series([text])).iloc[0] == (text.strip() != text)
    assert columns.strip(pd.Series([text])).iloc[0] == text.strip()


def test_sorted_text_is_recognised():
    assert columns.is_sorted(pd.Series(["C-1", "C-2", "C-2", "C-3"]))
    assert not columns.is_sorted(pd.Series(["C-2", "C-1"]))
    assert columns.is_sorted(pd.Series([], dtype=str))


def test_membership_matches_pandas_isin():
    values = pd.Series(["UZB", "XXX", ""])
    assert columns.isin(values, {"UZB", "KAZ"}).tolist() == [True, False, False]


@pytest.mark.parametrize(
    "text", ["plain", "a<b", "x=1", "Ж&Ы", "tab\there", "\x01", "Ж", "", "javascript:"]
)
def test_a_byte_scan_finds_exactly_the_values_a_regex_finds(text):
    values = pd.Series([text, "filler"])
    pattern = "[<&=:\x00-\x08\x0b\x0c\x0e-\x1f]"
    assert columns.has_any_of(values, "<&=:\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c").iloc[
        0
    ] == bool(re.search(pattern.replace("\x0e-\x1f", ""), text))


def test_byte_lengths_bound_character_lengths():
    values = pd.Series(["abc", "Жж", ""])
    assert columns.byte_lengths(values).tolist() == [3, 4, 0]


def test_helpers_read_across_arrow_chunks():
    chunked = pa.chunked_array([pa.array(["a", " b"]), pa.array(["c<"])]).cast(pa.large_string())
    values = pd.Series(pd.arrays.ArrowStringArray(chunked.cast(pa.large_string())))
    assert columns.padded(values).tolist() == [False, True, False]
    assert columns.has_any_of(values, "<").tolist() == [False, False, True]
