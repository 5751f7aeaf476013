"""Property-based: whatever bytes or rows come in, reading and validating never crash, and
every problem they return is located (file, row within the file, field from the header)."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from monitor_fixtures import case, source

from etl import extract, validate
from etl.contract import CASES, SOURCES
from etl.problems import Problem

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that breaks CSV and validators: separators, quotes, line breaks, controls, markup,
# other scripts' digits, text-direction overrides, and plain letters.
nasty = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(",;\"'\n\r\t\x00\x07 <>=+@-./:[]()!#&\u202e\u200b\ufeff٤٨")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=40,
)


def to_csv(columns: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def assert_located(problems: list[Problem], files: dict[str, tuple[list[str], int]]) -> None:
    for p in problems:
        assert p.file in files, p
        columns, n_lines = files[p.file]
        assert 0 <= p.row <= n_lines + 1, p
        assert p.reason.strip(), p
        assert p.severity in ("error", "warning"), p
        # A field is a header column, or empty for the whole row or file.
        assert p.field == "" or p.field in columns, p


# Bytes that look like CSV often enough to reach the reader's corners.
csv_like = st.lists(
    st.sampled_from(
        [
            b",",
            b'"',
            b"\n",
            b"\r\n",
            b"\r",
            b"a",
            b"1",
            b" ",
            b"\xff",
            b"\xef\xbb\xbf",
            b"\x00",
            b";",
        ]
        + [c.encode() for c in SOURCES.column_names]
    ),
    max_size=60,
).map(b"".join)


@SETTINGS
@given(st.one_of(st.binary(max_size=400), csv_like))
def test_any_bytes_are_read_without_raising_and_problems_are_located(raw):
    frame, problems = extract.read_csv_bytes("cases.csv", raw)
    lines = raw.count(b"\n") + raw.count(b"\r") + 1
    header = list(frame.columns) if len(frame.columns) else []
    for p in problems:
        assert p.file == "cases.csv" and 0 <= p.row <= lines + 1 and p.reason
    if len(frame):
        assert "__row__" in frame.columns and header


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(CASES.column_names), nasty), max_size=6))
def test_cases_with_any_values_are_validated_without_raising(edits):
    rows = [case(i + 1) | edit for i, edit in enumerate(edits)]
    sources = [source(i + 1) for i in range(len(rows))]
    cases_raw, sources_raw = to_csv(CASES.column_names, rows), to_csv(SOURCES.column_names, sources)
    frames, problems = {}, []
    for name, raw in (("cases.csv", cases_raw), ("sources.csv", sources_raw)):
        frames[name], found = extract.read_csv_bytes(name, raw)
        problems += found
    problems += validate.run(frames)
    assert_located(
        problems,
        {
            "cases.csv": (CASES.column_names, cases_raw.count(b"\n")),
            "sources.csv": (SOURCES.column_names, sources_raw.count(b"\n")),
        },
    )
    # A value padded with spaces is named in a problem, unless the whole row or file is.
    for edit in edits:
        for field, value in edit.items():
            if value.strip() != value:
                assert any(p.file == "cases.csv" and p.field in (field, "") for p in problems)


@SETTINGS
@given(
    header=st.lists(nasty, min_size=1, max_size=5),
    cells=st.lists(st.lists(nasty, max_size=6), max_size=5),
)
def test_files_with_any_header_and_ragged_rows_are_validated_without_raising(header, cells):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(cells)
    raw = buffer.getvalue().encode("utf-8")
    frame, problems = extract.read_csv_bytes("sources.csv", raw)
    problems += validate.run({"sources.csv": frame})
    names = [*SOURCES.column_names, *header]
    assert_located(problems, {"sources.csv": (names, raw.count(b"\n") + raw.count(b"\r"))})


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(CASES.column_names), nasty), max_size=4))
def test_validation_gives_the_same_answer_twice(edits):
    rows = [case(i + 1) | edit for i, edit in enumerate(edits)]
    frames = {}
    frames["cases.csv"], _ = extract.read_csv_bytes("cases.csv", to_csv(CASES.column_names, rows))
    assert validate.run(frames) == validate.run(frames)
