"""Stage 1 - read the curated CSV files as text, exactly as written, with nothing cleaned.

Every value comes back as a string ('' when empty) so that validation sees what the
maintainer typed. Problems that stop a file from being read (encoding, broken quoting,
rows with the wrong number of fields) are reported with the file and row, never raised.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from etl.contract import FILES, REQUIRED_FILES
from etl.problems import Problem

BOM = b"\xef\xbb\xbf"
# Files in data/ that are documentation, not data.
DOCUMENT_FILES = ("README.md", "LICENSE", "LICENSE.md")
# No curated file comes near this; a bigger one is a mistake (or /dev/zero behind a name).
MAX_FILE_BYTES = 4 << 30
# A record's first field is its id (every contract file starts with one).
_RECORD_START = re.compile(r'"?([A-Za-z0-9][A-Za-z0-9_.\-]{0,63})"?,')


@dataclass
class Extracted:
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    checksums: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # present but not read (link, FIFO...)
    missing: set[str] = field(default_factory=set)


def run(data_dir: Path) -> Extracted:
    """Read every contract file in data_dir; missing optional files are empty tables.

    The folder is listed first: anything in it that is not a plain file we know is an error
    with its name (issue #16), so a renamed file never silently drops its records.
    """
    out = Extracted()
    out.problems += folder_problems(data_dir)
    refused = {p.file for p in out.problems}
    for contract in FILES:
        path = data_dir / contract.name
        if contract.name in refused:
            # A link, FIFO or directory under a contract file's name: never opened.
            out.frames[contract.name] = _empty(contract)
            out.unreadable.add(contract.name)
            continue
        if not os.path.lexists(path):
            if contract.name in REQUIRED_FILES:
                out.problems.append(
                    Problem(contract.name, 0, "", f"required file missing from {data_dir}")
                )
            out.frames[contract.name] = _empty(contract)
            out.missing.add(contract.name)
            continue
        raw, problem = read_plain_file(path)
        if problem:
            out.problems.append(problem)
            # Unreadable, not absent: an empty table would look like every record removed.
            out.frames[contract.name] = _empty(contract)
            out.unreadable.add(contract.name)
            continue
        out.checksums[contract.name] = hashlib.sha256(raw).hexdigest()
        frame, problems = read_csv_bytes(contract.name, raw)
        readable = not any(p.severity == "error" for p in problems)
        if readable and raw.count(b"\n") > len(frame) + 1:
            # More lines than records: some field holds a line break. Check none of those
            # lines is a record of its own, eaten by a stray quote.
            problems += swallowed_records(contract.name, raw, frame)
        out.frames[contract.name] = frame
        out.problems.extend(problems)
        if frame.columns.empty:
            out.unreadable.add(contract.name)  # its error names the cause
    return out


def _empty(contract) -> pd.DataFrame:
    columns = {c: pd.Series(dtype=str) for c in contract.column_names}
    return pd.DataFrame({**columns, "__row__": pd.Series(dtype="int64")})


def folder_problems(data_dir: Path) -> list[Problem]:
    """Every entry of data/ that is not a plain file we read or document is a located error."""
    known = {c.name for c in FILES}
    by_fold = {name.casefold(): name for name in known}
    out: list[Problem] = []
    try:
        entries = sorted(os.scandir(data_dir), key=lambda e: e.name)
    except OSError as exc:
        return [Problem(data_dir.name, 0, "", f"data folder not readable ({exc.strerror})")]
    for entry in entries:
        name = entry.name
        kind = _kind(entry)
        if kind != "file":
            out.append(
                Problem(name, 0, "", f"{kind} in the data folder: only plain files are read")
            )
        elif name in known or name in DOCUMENT_FILES or name.startswith("."):
            continue
        elif name.casefold() in by_fold:
            out.append(
                Problem(
                    name, 0, "", f"unexpected file name: rename it to '{by_fold[name.casefold()]}'"
                )
            )
        elif name.lower().endswith((".csv", ".tsv", ".txt", ".xlsx", ".ods", ".xls")):
            out.append(
                Problem(
                    name,
                    0,
                    "",
                    f"unexpected data file (the files read are: {', '.join(c.name for c in FILES)})",
                )
            )
    return out


def _kind(entry: os.DirEntry) -> str:
    if entry.is_symlink():
        return "symbolic link"
    mode = entry.stat(follow_symlinks=False).st_mode
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    return "device or socket"


def read_plain_file(path: Path) -> tuple[bytes, Problem | None]:
    """The bytes of a regular file, never following a link, never blocking, at most MAX_FILE_BYTES.

    O_NOFOLLOW refuses a symbolic link (to a system file, to /dev/zero); O_NONBLOCK keeps a
    FIFO from hanging the open; fstat on the open descriptor then decides, so the file cannot
    be swapped between the check and the read.
    """
    name = path.name
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return b"", Problem(
                name, 0, "", "symbolic link in the data folder: only plain files are read"
            )
        return b"", Problem(name, 0, "", f"cannot be opened ({exc.strerror})")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "directory" if stat.S_ISDIR(info.st_mode) else "not a plain file"
            return b"", Problem(name, 0, "", f"{kind}: only plain files are read")
        if info.st_size > MAX_FILE_BYTES:
            return b"", Problem(
                name,
                0,
                "",
                f"file is {info.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} read",
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return b"", Problem(name, 0, "", f"cannot be read ({exc.strerror})")
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        return b"", Problem(name, 0, "", f"file grew past the {MAX_FILE_BYTES:,} bytes read")
    return raw, None


def swallowed_records(name: str, raw: bytes, frame: pd.DataFrame) -> list[Problem]:
    """Records eaten by a stray quote: a field holding a line that is itself a record.

    A quote opened by mistake runs on past the line end and takes the next lines with it;
    the field count can still come out right (issue #16: L-0003 vanished into L-0002's
    summary). Two checks: no field holds a line that reads as a record of this file, and the
    lines that read as records are as many as the records read (and rows reported broken).
    """
    columns = [c for c in frame.columns if c != "__row__"]
    if not columns:
        return []
    out: list[Problem] = []
    for column in columns:
        values = frame[column]
        broken = values.str.contains("\n", regex=False)
        for index, value in values[broken].items():
            line = next((x for x in value.split("\n")[1:] if _record_like(x, len(columns))), None)
            if line is not None:
                out.append(
                    Problem(
                        name,
                        int(frame.at[index, "__row__"]),
                        column,
                        f"holds a line that reads as a record of its own ('{_shown(line)}'): "
                        "a stray '\"' opened a quote that swallowed the next record(s)",
                    )
                )
    if out:
        return out
    text = raw.decode("utf-8", errors="replace")
    lines = sum(_record_like(x, len(columns)) for x in text.split("\n")[1:])
    if lines > len(frame):
        out.append(
            Problem(
                name,
                0,
                "",
                f"{lines} lines read as records, but {len(frame)} records were read: "
                f"{lines - len(frame)} lost inside a quoted field or a broken row",
            )
        )
    return out


def _record_like(line: str, n_columns: int) -> bool:
    """A line that starts with an id (letters and digits, at least one digit) and a comma, and
    has nearly a record's number of commas."""
    m = _RECORD_START.match(line)
    return bool(m) and any(ch.isdigit() for ch in m[1]) and line.count(",") >= n_columns - 2


def _shown(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


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
