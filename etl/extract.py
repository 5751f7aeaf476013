"""Stage 1 - read the curated CSV files as text, exactly as written, with nothing cleaned.

Every value comes back as a string ('' when empty) so that validation sees what the
maintainer typed. Problems that stop a file from being read (encoding, broken quoting,
rows with the wrong number of fields) are reported with the file and row, never raised.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from etl.contract import FILES, REQUIRED_FILES
from etl.problems import Problem

BOM = b"\xef\xbb\xbf"


@dataclass
class Extracted:
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    checksums: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def run(data_dir: Path) -> Extracted:
    """Read every contract file in data_dir; missing optional files are empty tables."""
    out = Extracted()
    for contract in FILES:
        path = data_dir / contract.name
        if not path.exists():
            if contract.name in REQUIRED_FILES:
                out.problems.append(
                    Problem(contract.name, 0, "", f"required file missing from {data_dir}")
                )
            out.frames[contract.name] = pd.DataFrame(
                {c: pd.Series(dtype=str) for c in contract.column_names}
            )
            continue
        raw = path.read_bytes()
        out.checksums[contract.name] = hashlib.sha256(raw).hexdigest()
        frame, problems = read_csv_bytes(contract.name, raw)
        out.frames[contract.name] = frame
        out.problems.extend(problems)
    return out


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_csv_bytes(name: str, raw: bytes) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    if raw.startswith(UTF16_BOMS):
        # "Unicode text" in some spreadsheet programs means UTF-16.
        return pd.DataFrame(), [Problem(name, 0, "", "file is UTF-16 encoded; save it as UTF-8")]
    if raw.startswith(BOM):
        # Spreadsheet programs add a byte-order mark; harmless, but say so.
        problems.append(
            Problem(name, 0, "", "file starts with a UTF-8 byte-order mark (ignored)", "warning")
        )
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return pd.DataFrame(), [
            Problem(
                name,
                line,
                "",
                f"not valid UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r}); save the file as UTF-8",
            )
        ]
    if not text or text.isspace():
        return pd.DataFrame(), [Problem(name, 0, "", "file is empty (no header row)")]
    if "\x00" in text:
        return pd.DataFrame(), [
            Problem(name, text[: text.index("\x00")].count("\n") + 1, "", "file contains NUL bytes")
        ]
    if text.count('"') % 2:
        return pd.DataFrame(), [
            Problem(
                name,
                _unclosed_quote_row(text),
                "",
                "a quoted field is never closed (file truncated or a stray '\"')",
            )
        ]

    try:
        header = _header(text)
    except (csv.Error, StopIteration) as exc:
        return pd.DataFrame(), [Problem(name, 1, "", f"the header row is not readable ({exc})")]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "';'" if ";" in header[0] else "tabs"
        return pd.DataFrame(), [
            Problem(
                name,
                1,
                "",
                f"the header is one column: the file is separated by {sep}; save it comma-separated",
            )
        ]
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        return pd.DataFrame(), [
            Problem(name, 1, d, "column named twice in the header") for d in dupes
        ]

    del text  # the parser reads the bytes; a 1 GB file need not be held twice
    # Fast path: parse on all cores. Row numbers of malformed rows are only known to a
    # single-threaded parse, so a file with any malformed row is parsed again that way.
    try:
        table, bad_rows = _parse(name, raw, header, threads=True)
        if bad_rows:
            table, bad_rows = _parse(name, raw, header, threads=False)
    except pa.ArrowException as exc:
        # Whatever the CSV reader cannot make sense of is reported, never raised.
        return pd.DataFrame(), [Problem(name, 0, "", f"not readable as CSV ({exc})")]
    frame = table.to_pandas().fillna("")
    frame.columns = [str(c) for c in frame.columns]
    frame["__row__"] = _row_numbers(len(frame), {p.row for p in bad_rows})
    return frame, problems + bad_rows


def _parse(
    name: str, raw: bytes, header: list[str], threads: bool
) -> tuple[pa.Table, list[Problem]]:
    bad_rows: list[Problem] = []

    def on_bad_row(row: pacsv.InvalidRow) -> str:
        bad_rows.append(
            Problem(
                name,
                row.number or 0,
                "",
                f"expected {row.expected_columns} fields, found {row.actual_columns} (truncated row or unquoted comma)",
            )
        )
        return "skip"

    table = pacsv.read_csv(
        io.BytesIO(raw),
        read_options=pacsv.ReadOptions(use_threads=threads),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_bad_row),
        convert_options=pacsv.ConvertOptions(
            # large_string is what pandas' str columns hold: no conversion afterwards.
            column_types={h: pa.large_string() for h in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    return table, bad_rows


def _header(text: str) -> list[str]:
    """The first record; read from the first lines only, not a copy of a 1 GB text."""
    end = text.find("\n", 0, 1 << 20)
    head = text[: end + 1] if end >= 0 else text
    reader = csv.reader(io.StringIO(head, newline=""))
    first = next(reader)
    if reader.line_num == 1 and not head.count('"') % 2:
        return first
    return next(csv.reader(io.StringIO(text, newline="")))  # a header with a quoted line break


def _row_numbers(n: int, skipped: set[int]) -> np.ndarray:
    """Record numbers (header = 1) of the n rows kept after skipping the bad ones."""
    numbers = np.arange(2, n + len(skipped) + 2)
    if skipped:
        numbers = numbers[~np.isin(numbers, list(skipped))]
    return numbers[:n]


def _unclosed_quote_row(text: str) -> int:
    inside = False
    start_line = 1
    line = 1
    for ch in text:
        if ch == '"':
            inside = not inside
            if inside:
                start_line = line
        elif ch == "\n":
            line += 1
    return start_line
