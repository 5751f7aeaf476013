"""Reading raw files: every unreadable file is reported with its row, nothing is raised."""

from __future__ import annotations

import pytest

from etl.extract import read_csv_bytes, run


def test_a_plain_file_reads_every_value_as_text_with_spreadsheet_row_numbers():
    frame, problems = read_csv_bytes("x.csv", b"a,b\n1,\n3,4\n")
    assert problems == []
    assert frame[["a", "b"]].to_dict("records") == [{"a": "1", "b": ""}, {"a": "3", "b": "4"}]
    assert frame["__row__"].tolist() == [2, 3]


def test_a_byte_order_mark_is_stripped_with_a_warning():
    frame, problems = read_csv_bytes("x.csv", b"\xef\xbb\xbfa,b\n1,2\n")
    assert list(frame.columns[:2]) == ["a", "b"]
    assert [p.severity for p in problems] == ["warning"]
    assert "byte-order mark" in problems[0].reason


@pytest.mark.parametrize(
    ("raw", "row", "reason"),
    [
        (b"a,b\n1,2\n\xff\xfe,3\n", 3, "not valid UTF-8"),
        (b'a,b\n1,"unfinished\n', 2, "never closed"),
        (b"", 0, "empty"),
        (b"a,a\n1,2\n", 1, "named twice"),
        (b"a,b\n1,2\n3\n", 3, "expected 2 fields, found 1"),
        (b"a,b\n1,2,3\n", 2, "expected 2 fields, found 3"),
    ],
)
def test_unreadable_input_names_the_row_and_the_reason(raw, row, reason):
    _, problems = read_csv_bytes("bad.csv", raw)
    assert len(problems) == 1
    assert problems[0].file == "bad.csv"
    assert problems[0].row == row
    assert reason in problems[0].reason


def test_rows_after_a_skipped_bad_row_keep_their_true_row_numbers():
    frame, problems = read_csv_bytes("x.csv", b"a,b\n1,2\n3\n5,6\n")
    assert frame["__row__"].tolist() == [2, 4]
    assert problems[0].row == 3


def test_a_missing_required_file_is_an_error_and_optional_files_are_empty(tmp_path):
    (tmp_path / "cases.csv").write_text("case_id\n")
    out = run(tmp_path)
    reasons = {(p.file, p.reason.split(" from")[0]) for p in out.problems}
    assert ("sources.csv", "required file missing") in reasons
    assert ("incidents.csv", "required file missing") in reasons
    assert out.frames["claims.csv"].empty
