"""Whole-column text helpers run in Arrow, shared by validate.py and transform.py.

pandas runs most string methods in Arrow already, but falls back to a Python loop per
value for some (a regex with \\s or \\w, isin with a large value set, str.extract). At a
million rows those loops take seconds; these helpers never loop per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Python's \s (what str.isspace() accepts), spelled out: Arrow's regex engine (RE2) knows only
# ASCII whitespace as \s. Written out, both engines agree (tests/etl/test_columns.py checks it).
WHITESPACE = "[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# The characters str.strip() removes (Python's and Arrow's lists agree; all below U+3001).
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[c for c in range(128) if chr(c).isspace()]] = True
SPACES = pa.array([c for c in map(chr, range(0x3001)) if c.isspace()], pa.large_string())


def arrow(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The column as Arrow large strings: no copy for pandas' own Arrow-backed str columns."""
    array = pa.array(values.astype(str))
    return array if array.type == pa.large_string() else array.cast(pa.large_string())


def padded(values: pd.Series) -> pd.Series:
    """True where the first or last character is one that str.strip() removes."""
    # Read the first and last byte of every value straight from the Arrow buffers. An ASCII
    # byte decides at once; a value that starts or ends with a longer UTF-8 character (which
    # may be a no-break space) is checked character by character.
    out = np.zeros(len(values), dtype=bool)
    unsure = np.zeros(len(values), dtype=bool)
    for at, offsets, data in chunks(values):
        starts, ends = offsets[:-1], offsets[1:]
        filled = np.flatnonzero(ends > starts)
        first, last = data[starts[filled]], data[ends[filled] - 1]
        out[at + filled] = _ASCII_SPACE[first] | _ASCII_SPACE[last]
        unsure[at + filled] = (first >= 0x80) | (last >= 0x80)
    if unsure.any():
        text = arrow(values[unsure])
        ends = [pc.utf8_slice_codeunits(text, 0, 1), pc.utf8_slice_codeunits(text, -1)]
        found = pc.or_(*(pc.is_in(end, value_set=SPACES) for end in ends)).fill_null(False)
        out[unsure] = np.asarray(found, dtype=bool)
    return pd.Series(out, index=values.index)


def has_any_of(values: pd.Series, wanted_bytes: str | bytes) -> pd.Series:
    """True where the value's UTF-8 holds any of these bytes (a byte scan, no regex).

    For ASCII characters this is exact: in UTF-8 an ASCII byte never occurs inside a longer
    character. A byte above 0x7F finds every character whose encoding contains it.
    """
    if isinstance(wanted_bytes, str):
        wanted_bytes = wanted_bytes.encode("ascii")
    wanted = np.zeros(256, dtype=bool)
    wanted[list(wanted_bytes)] = True
    out = np.zeros(len(values), dtype=bool)
    for at, offsets, data in chunks(values):
        hits = np.flatnonzero(wanted[data[offsets[0] : offsets[-1]]]) + offsets[0]
        out[at + np.searchsorted(offsets, hits, side="right") - 1] = True
    return pd.Series(out, index=values.index)


def byte_lengths(values: pd.Series) -> np.ndarray:
    """Length of every value in UTF-8 bytes (at least its length in characters)."""
    parts = [np.diff(offsets) for _, offsets, _ in chunks(values)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def strip(values: pd.Series) -> pd.Series:
    """values.str.strip(), skipping the copy when no value needs it (the usual case)."""
    values = values.astype(str)
    return values.str.strip() if padded(values).any() else values


def contains(values: pd.Series, pattern: str, ignore_case: bool = False) -> pd.Series:
    """values.str.contains(pattern) in RE2 syntax."""
    found = pc.match_substring_regex(arrow(values), pattern, ignore_case=ignore_case)
    return _series(found.fill_null(False), values)


def isin(values: pd.Series, allowed) -> pd.Series:
    """values.isin(allowed): pandas converts a large value set in a Python loop."""
    if not isinstance(allowed, pa.Array | pa.ChunkedArray):
        allowed = pa.array(sorted(allowed), pa.large_string())
    return _series(pc.is_in(arrow(values), value_set=allowed).fill_null(False), values)


def is_sorted(values: pd.Series) -> bool:
    """True when the text is in ascending order (curated files usually are, by id)."""
    text = arrow(values)
    if len(text) < 2:
        return True
    return bool(pc.all(pc.less_equal(text[:-1], text[1:])).as_py())


def chunks(values: pd.Series):
    """(position of the first row, offsets, bytes) of each Arrow chunk of the column: no copy."""
    text = arrow(values)
    at = 0
    for chunk in text.chunks if isinstance(text, pa.ChunkedArray) else [text]:
        n = len(chunk)
        if n == 0:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], np.int64)[chunk.offset : chunk.offset + n + 1]
        data = chunk.buffers()[2]
        yield at, offsets, np.frombuffer(data, np.uint8) if data else np.zeros(0, np.uint8)
        at += n


def _series(found, like: pd.Series) -> pd.Series:
    return pd.Series(np.asarray(found, dtype=bool), index=like.index)
