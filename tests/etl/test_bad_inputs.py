"""The bad-input catalogue: each way a curated file can be wrong, and the located message it gets.

One row per bad input: how the valid synthetic dataset is broken, and the problem that must
come out (file, row, field, a phrase of the reason). Rows count the header as row 1, as a
spreadsheet shows them; row 0 is the whole file. Every entry must block a refresh.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from monitor_fixtures import write_dataset

from etl import extract, refresh, validate
from etl.problems import Problem, errors

TODAY = dt.date(2026, 11, 25)


# --- ways to break a file -----------------------------------------------------------------


def cell(file: str, row: int, field: str, value: str) -> Callable[[Path], None]:
    """Set one cell (row counted as a spreadsheet does: the header is row 1)."""

    def apply(folder: Path) -> None:
        path = folder / file
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
            columns = list(rows[0])
        rows[row - 2][field] = value
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)

    return apply


def raw(file: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / file
        path.write_bytes(edit(path.read_bytes()))

    return apply


def append_row(file: str, **values: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / file
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        columns = list(rows[0]) if rows else next(csv.reader(path.open(encoding="utf-8")))
        base = rows[0] if rows else dict.fromkeys(columns, "")
        with open(path, "a", encoding="utf-8", newline="") as handle:
            csv.DictWriter(handle, fieldnames=columns).writerow(base | values)

    return apply


def stages(*rows: tuple[str, str]) -> Callable[[Path], None]:
    """A case_stages.csv for C-0001 with (stage, date) rows."""

    def apply(folder: Path) -> None:
        write_dataset(
            folder,
            case_stages=[
                {
                    "case_id": "C-0001",
                    "stage": stage,
                    "stage_date": date,
                    "court": "",
                    "sentence_type": "prison",
                    "sentence_months": "36",
                    "summary": "Synthetic stage.",
                    "source_ids": "S-0001",
                }
                for stage, date in rows
            ],
        )

    return apply


def truncate_inside_last_summary(data: bytes) -> bytes:
    lines = data.split(b"\n")
    last = lines[-2].replace(b"Synthetic case used", b'"Synthetic, case used', 1)
    return b"\n".join([*lines[:-2], last[: len(last) - 30]])


def law(**values: str) -> Callable[[Path], None]:
    row = {
        "law_id": "L-0001",
        "country_iso3": "UZB",
        "kind": "criminal_article",
        "article": "UZB CC 154",
        "title": "Mercenarism",
        "penalty_min_months": "60",
        "penalty_max_months": "120",
        "effective_date": "1994",
        "summary": "Synthetic law.",
        "source_ids": "S-0001",
    }
    return lambda folder: write_dataset(folder, laws=[row | values])


def claim(**values: str) -> Callable[[Path], None]:
    row = {
        "claim_id": "F-0001",
        "country_iso3": "UZB",
        "claimant": "Synthetic ministry",
        "claimant_type": "government",
        "metric": "criminal_cases",
        "value": "12",
        "value_qualifier": "at_least",
        "as_of_date": "2024-01",
        "report_date": "2024-02-01",
        "summary": "Synthetic claim.",
        "source_ids": "S-0001",
    }
    return lambda folder: write_dataset(folder, claims=[row | values])


def three_laws(folder: Path) -> None:
    rows = [
        {
            "law_id": f"L-000{i}",
            "country_iso3": "UZB",
            "kind": "criminal_article",
            "article": f"UZB CC 15{i}",
            "title": "Synthetic article",
            "penalty_min_months": "",
            "penalty_max_months": "",
            "effective_date": "1994",
            "summary": f"Law {word}.",
            "source_ids": f"S-000{i}",
        }
        for i, word in ((1, "one"), (2, "two"), (3, "three"))
    ]
    write_dataset(folder, laws=rows)


def stray_quotes(folder: Path) -> None:
    """Two stray quotes: L-0002's summary opens one, L-0003's closes it (issue #16)."""
    three_laws(folder)
    path = folder / "laws.csv"
    data = path.read_bytes()
    data = data.replace(b",Law two.,S-0002", b',"Law two.,S-0002')
    path.write_bytes(data.replace(b",Law three.,S-0003", b',Law three.",S-0003'))


def renamed(file: str, to: str, before: Callable[[Path], None] | None = None):
    def apply(folder: Path) -> None:
        if before:
            before(folder)
        (folder / file).rename(folder / to)

    return apply


def replaced_by(file: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    """The contract file is replaced by something that is not a plain file."""

    def apply(folder: Path) -> None:
        path = folder / file
        path.unlink(missing_ok=True)
        make(path)

    return apply


def symlink_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


@dataclass(frozen=True)
class Bad:
    name: str
    breaks: Callable[[Path], None]
    file: str
    row: int
    field: str
    reason: str
    severity: str = "error"


# What the hostile probe of issue #16 found (each failed before that issue's fixes).
# fmt: off
ISSUE_16 = [
    # --- records lost without an error ---
    Bad("stray quotes swallow a record", stray_quotes, "laws.csv", 3, "summary", "reads as a record of its own ('L-0003,UZB"),
    Bad("optional file named with other capitals", renamed("case_stages.csv", "Case_Stages.csv", stages(("verdict", "2024-04"))), "Case_Stages.csv", 0, "", "unexpected file name: rename it to 'case_stages.csv'"),
    Bad("unexpected data file", lambda f: (f / "cases_old.csv").write_text("case_id\n"), "cases_old.csv", 0, "", "unexpected data file"),
    # --- files that are not plain files ---
    Bad("symlink to a system file", replaced_by("laws.csv", symlink_to("/etc/passwd")), "laws.csv", 0, "", "symbolic link in the data folder"),
    Bad("symlink to /dev/zero", replaced_by("claims.csv", symlink_to("/dev/zero")), "claims.csv", 0, "", "symbolic link in the data folder"),
    Bad("FIFO instead of a file", replaced_by("incidents.csv", os.mkfifo), "incidents.csv", 0, "", "named pipe (FIFO) in the data folder"),
    Bad("directory instead of a file", replaced_by("laws.csv", Path.mkdir), "laws.csv", 0, "", "directory in the data folder"),
    # --- links the contract refuses ---
    Bad("raw quote in a link", cell("sources.csv", 2, "url", 'https://example.org/a"onmouseover=alert(1)'), "sources.csv", 2, "url", "holds a raw '\"'"),
    Bad("raw angle brackets in a link", cell("sources.csv", 2, "url", "https://example.org/<script>"), "sources.csv", 2, "url", "holds a raw"),
    Bad("bidi override in a link", cell("sources.csv", 2, "url", "https://example.org/\u202egpj.exe"), "sources.csv", 2, "url", "invisible or text-direction"),
    Bad("link to an .internal host", cell("sources.csv", 2, "url", "https://db.internal/x"), "sources.csv", 2, "url", "links to an internal address"),
    Bad("link to cloud metadata", cell("sources.csv", 2, "url", "http://metadata.google.internal/computeMetadata/v1/"), "sources.csv", 2, "url", "links to an internal address"),
    Bad("link to link-local metadata", cell("sources.csv", 2, "url", "http://169.254.169.254/latest/meta-data/"), "sources.csv", 2, "url", "links to an internal address"),
    Bad("link to localhost", cell("sources.csv", 2, "url", "http://localhost:8501/maintainer"), "sources.csv", 2, "url", "links to an internal address"),
    Bad("link to a private network", cell("sources.csv", 2, "url", "http://192.168.1.1/admin"), "sources.csv", 2, "url", "links to an internal address"),
    Bad("link to loopback by name", cell("sources.csv", 2, "url", "https://127.0.0.1.nip.io/x"), "sources.csv", 2, "url", "links to an internal address"),
    # --- invisible characters, in every text field ---
    Bad("Arabic letter mark", cell("cases.csv", 2, "summary", "Sentenced\u061c to 5 years"), "cases.csv", 2, "summary", "invisible or text-direction"),
    Bad("nominal digit shapes U+206E", cell("cases.csv", 2, "court", "Court\u206e 5"), "cases.csv", 2, "court", "invisible or text-direction"),
    Bad("TAG characters", cell("incidents.csv", 2, "location", "Moscow\U000e0041\U000e0042"), "incidents.csv", 2, "location", "invisible or text-direction"),
    Bad("soft hyphen", cell("sources.csv", 2, "publisher", "Synth\u00adetic"), "sources.csv", 2, "publisher", "invisible or text-direction"),
    Bad("Hangul filler", cell("cases.csv", 2, "region", "Region\u3164"), "cases.csv", 2, "region", "invisible or text-direction"),
    # --- formulas, in every text field ---
    Bad("formula starting with '-'", cell("cases.csv", 2, "court", "-2+3+cmd|' /C calc'!A0"), "cases.csv", 2, "court", "starts with '=', '+', '-' or '@'"),
    # --- privacy ---
    Bad("full name in a summary", cell("cases.csv", 2, "summary", "Ivan Petrov was sentenced."), "cases.csv", 2, "summary", "looks like a person's full name ('Ivan Petrov')"),
    Bad("full name in Cyrillic in a note", cell("sources.csv", 2, "note", "Приговор: Иван Петров"), "sources.csv", 2, "note", "looks like a person's full name ('Иван Петров')"),
    # --- ids ---
    Bad("id outside the id rule", cell("cases.csv", 2, "case_id", "C-12a"), "cases.csv", 2, "case_id", "id must be 'C-' and 1 to 9 digits"),
    Bad("id of another file's kind", cell("incidents.csv", 2, "incident_id", "C-0001"), "incidents.csv", 2, "incident_id", "also used in cases.csv (row 2)"),
    # --- dates and numbers ---
    Bad("source dated before 1991", cell("sources.csv", 2, "published_date", "1985-04"), "sources.csv", 2, "published_date", "before 1991"),
    Bad("year 0000", cell("sources.csv", 2, "published_date", "0000"), "sources.csv", 2, "published_date", "year 0000 does not exist"),
    Bad("report in year 0000", cell("cases.csv", 2, "report_date", "0000-01-01"), "cases.csv", 2, "report_date", "year 0000 does not exist"),
    Bad("law in force before 1991", law(effective_date="1960"), "laws.csv", 2, "effective_date", "before 1991"),
    Bad("leading zeros", cell("cases.csv", 2, "sentence_months", "048"), "cases.csv", 2, "sentence_months", "leading zeros"),
    Bad("many leading zeros", claim(value="000000000000000000012"), "claims.csv", 2, "value", "leading zeros"),
]
# fmt: on

# The default dataset: cases C-0001..C-0003 (rows 2-4), incidents I-0011, I-0012 (rows 2-3),
# sources S-0001, S-0002, S-0003, S-0011, S-0012 (rows 2-6).
# fmt: off
CATALOGUE = [
    # --- files that cannot be read ---
    Bad("truncated inside a quoted field", raw("cases.csv", truncate_inside_last_summary), "cases.csv", 4, "", "a quoted field is never closed"),
    Bad("truncated mid-row", raw("cases.csv", lambda b: b[: b.rindex(b"Synthetic")]), "cases.csv", 4, "", "expected 22 fields, found 20"),
    Bad("row with an unquoted comma", raw("incidents.csv", lambda b: b.replace(b"Moscow", b"Moscow, Russia", 1)), "incidents.csv", 2, "", "expected 14 fields, found 15"),
    Bad("wrong encoding (Windows-1251)", raw("cases.csv", lambda b: b.replace(b"Synthetic Region", "Ташкент".encode("cp1251"), 2)), "cases.csv", 2, "", "not valid UTF-8"),
    Bad("UTF-16 file", raw("sources.csv", lambda b: b.decode().encode("utf-16")), "sources.csv", 0, "", "UTF-16"),
    Bad("UTF-8 byte-order mark (accepted)", raw("cases.csv", lambda b: b"\xef\xbb\xbf" + b), "cases.csv", 0, "", "byte-order mark (ignored)", "warning"),
    Bad("NUL byte", raw("cases.csv", lambda b: b.replace(b"Synthetic Region", b"Synth\x00", 1)), "cases.csv", 2, "", "NUL bytes"),
    Bad("empty file", raw("incidents.csv", lambda b: b""), "incidents.csv", 0, "", "file is empty"),
    Bad("separated by semicolons", raw("sources.csv", lambda b: b.replace(b",", b";")), "sources.csv", 1, "", "separated by ';'"),
    Bad("column named twice", raw("sources.csv", lambda b: b.replace(b"note", b"url", 1)), "sources.csv", 1, "url", "column named twice"),
    Bad("required column missing", raw("cases.csv", lambda b: b.replace(b"summary", b"sumary", 1)), "cases.csv", 1, "summary", "required column missing"),
    Bad("unknown column", raw("cases.csv", lambda b: b.replace(b"summary", b"sumary", 1)), "cases.csv", 1, "sumary", "unknown column"),
    Bad("required file missing", lambda f: (f / "sources.csv").unlink(), "sources.csv", 0, "", "required file missing"),
    # --- ids and references ---
    Bad("duplicate id", cell("cases.csv", 3, "case_id", "C-0001"), "cases.csv", 3, "case_id", "duplicate id 'C-0001'"),
    Bad("duplicate id in other case", cell("cases.csv", 3, "case_id", "c-0001"), "cases.csv", 3, "case_id", "duplicate id 'c-0001'"),
    Bad("id with a space", cell("cases.csv", 2, "case_id", "C 1"), "cases.csv", 2, "case_id", "id must be 'C-' and 1 to 9 digits"),
    Bad("record cites a missing source", cell("cases.csv", 2, "source_ids", "S-0999"), "cases.csv", 2, "source_ids", "cites source 'S-0999' that is not in sources.csv"),
    Bad("source list with spaces", cell("cases.csv", 2, "source_ids", "S-0001; S-0002"), "cases.csv", 2, "source_ids", "separated by ';' with no spaces"),
    Bad("same source listed twice", cell("cases.csv", 2, "source_ids", "S-0001;S-0001"), "cases.csv", 2, "source_ids", "same id listed twice"),
    Bad("source cited by nothing", append_row("sources.csv", source_id="S-0077", url="https://example.org/77"), "sources.csv", 7, "source_id", "cited by no record"),
    Bad("same source address twice", cell("sources.csv", 3, "url", "https://example.org/synthetic/1"), "sources.csv", 3, "url", "same address as an earlier source"),
    Bad("stage of a case not in cases.csv", lambda f: write_dataset( f, case_stages=[ { "case_id": "C-0404", "stage": "appeal", "stage_date": "2024-06", "court": "", "sentence_type": "prison", "sentence_months": "", "summary": "Synthetic.", "source_ids": "S-0001", } ], ), "case_stages.csv", 2, "case_id", "case 'C-0404' is not in cases.csv"),
    # --- codes ---
    Bad("unknown country", cell("cases.csv", 2, "country_iso3", "XXX"), "cases.csv", 2, "country_iso3", "not an ISO 3166-1 alpha-3 country code"),
    Bad("country outside the region", cell("cases.csv", 2, "country_iso3", "RUS"), "cases.csv", 2, "country_iso3", "country not covered here"),
    Bad("unknown category", cell("cases.csv", 2, "sentence_type", "death"), "cases.csv", 2, "sentence_type", "unknown value (allowed: acquitted"),
    Bad("category in the wrong case", cell("incidents.csv", 2, "incident_type", "Migrant_Raid"), "incidents.csv", 2, "incident_type", "unknown value"),
    Bad("unknown language", cell("sources.csv", 2, "language", "russian"), "sources.csv", 2, "language", "not an ISO 639-1 language code"),
    Bad("required value empty", cell("cases.csv", 2, "summary", ""), "cases.csv", 2, "summary", "required value is empty"),
    # --- dates ---
    Bad("date in the future", cell("cases.csv", 2, "verdict_date", "2031-01-01"), "cases.csv", 2, "verdict_date", "date is in the future (today is 2026-11-25)"),
    Bad("no such calendar date", cell("cases.csv", 2, "verdict_date", "2024-02-30"), "cases.csv", 2, "verdict_date", "no such calendar date"),
    Bad("month 13", cell("incidents.csv", 2, "event_date", "2024-13"), "incidents.csv", 2, "event_date", "no such calendar date"),
    Bad("date in another format", cell("cases.csv", 2, "verdict_date", "12/05/2024"), "cases.csv", 2, "verdict_date", "date must be YYYY, YYYY-MM or YYYY-MM-DD"),
    Bad("verdict before the war began", cell("cases.csv", 2, "verdict_date", "2010-05"), "cases.csv", 2, "verdict_date", "before the war began (2014)"),
    Bad("verdict dated before the charge", stages(("charged", "2024-05"), ("verdict", "2024-03-10")), "case_stages.csv", 3, "stage_date", "verdict is dated before the charge of the same case (2024-05, row 2)"),
    Bad("appeal dated before the verdict", stages(("verdict", "2024-05-02"), ("appeal", "2024-04")), "case_stages.csv", 3, "stage_date", "appeal is dated before the verdict"),
    Bad("event after its first report", cell("incidents.csv", 2, "event_date", "2023-10"), "incidents.csv", 2, "event_date", "event is dated after its first report"),
    Bad("figure dated after its report", claim(as_of_date="2024-03"), "claims.csv", 2, "as_of_date", "figure is dated after its report"),
    # --- numbers ---
    Bad("negative sentence", cell("cases.csv", 2, "sentence_months", "-3"), "cases.csv", 2, "sentence_months", "must be a whole number >= 0"),
    Bad("sentence with a unit", cell("cases.csv", 2, "sentence_months", "4 years"), "cases.csv", 2, "sentence_months", "must be a whole number"),
    Bad("decimal sentence", cell("cases.csv", 2, "sentence_months", "4.5"), "cases.csv", 2, "sentence_months", "no decimals"),
    Bad("absurd sentence", cell("cases.csv", 2, "sentence_months", "9999"), "cases.csv", 2, "sentence_months", "implausible: larger than 600 months"),
    Bad("digits of another script", cell("cases.csv", 2, "sentence_months", "٤٨"), "cases.csv", 2, "sentence_months", "must be a whole number"),
    Bad("sentence length with an acquittal", cell("cases.csv", 4, "sentence_type", "acquitted"), "cases.csv", 4, "sentence_months", "makes no sense with this sentence_type"),
    Bad("absurd age", cell("cases.csv", 2, "defendant_age", "250"), "cases.csv", 2, "defendant_age", "implausible: larger than 100 years"),
    Bad("child defendant", cell("cases.csv", 2, "defendant_age", "7"), "cases.csv", 2, "defendant_age", "younger than 14"),
    Bad("absurd head count", cell("incidents.csv", 2, "people_count", "99999999999999999999"), "incidents.csv", 2, "people_count", "implausible"),
    Bad("penalty minimum above maximum", law(penalty_min_months="120", penalty_max_months="60"), "laws.csv", 2, "penalty_min_months", "minimum is above maximum"),
    # --- links ---
    Bad("javascript: link", cell("sources.csv", 2, "url", "javascript:alert(1)"), "sources.csv", 2, "url", "only http:// or https:// links"),
    Bad("data: link", cell("sources.csv", 2, "url", "data:text/html;base64,PHNjcmlwdD4="), "sources.csv", 2, "url", "only http:// or https:// links"),
    Bad("file: link", cell("sources.csv", 2, "url", "file:///etc/passwd"), "sources.csv", 2, "url", "only http:// or https:// links"),
    Bad("link with a space", cell("sources.csv", 2, "url", "https://exa mple.org/x"), "sources.csv", 2, "url", "not a well-formed web address"),
    Bad("link with credentials", cell("sources.csv", 2, "url", "https://user:pw@example.org/x"), "sources.csv", 2, "url", "not a well-formed web address"),
    Bad("link to a bare IP", cell("sources.csv", 2, "url", "http://127.0.0.1/admin"), "sources.csv", 2, "url", "not a well-formed web address"),
    # --- text ---
    Bad("script tag in a summary", cell("cases.csv", 2, "summary", "<script>alert(1)</script>"), "cases.csv", 2, "summary", "contains HTML or script markup"),
    Bad("HTML event handler", cell("incidents.csv", 2, "location", "x onerror=alert(1)"), "incidents.csv", 2, "location", "contains HTML or script markup"),
    Bad("HTML tag in a court name", cell("cases.csv", 2, "court", "<b>Court</b>"), "cases.csv", 2, "court", "contains HTML or script markup"),
    Bad("Markdown image", cell("cases.csv", 2, "summary", "Read ![x](https://tracker.example/p.png)"), "cases.csv", 2, "summary", "Markdown link or image"),
    Bad("Markdown link", cell("sources.csv", 2, "note", "see [here](https://example.org)"), "sources.csv", 2, "note", "Markdown link or image"),
    Bad("spreadsheet formula", cell("cases.csv", 2, "court", '=HYPERLINK("https://x.example","y")'), "cases.csv", 2, "court", "spreadsheet runs as a formula"),
    Bad("formula starting with '@'", cell("incidents.csv", 2, "summary", "@SUM(1+1)"), "incidents.csv", 2, "summary", "spreadsheet runs as a formula"),
    Bad("formula after a tab", cell("sources.csv", 2, "note", "\t=1+1"), "sources.csv", 2, "note", "spreadsheet runs as a formula"),
    Bad("text-direction override", cell("cases.csv", 2, "summary", "Sentenced to \u202e5 years"), "cases.csv", 2, "summary", "invisible or text-direction characters (U+00AD, U+061C, U+200B-U+206F, U+3164, U+FEFF, TAG characters and others) (got 'Sentenced to \\u202e5 years')"),
    Bad("control character", cell("cases.csv", 2, "summary", "bell\x07here"), "cases.csv", 2, "summary", "contains control characters (got 'bell\\u0007here')"),
    Bad("1 MB field", cell("cases.csv", 2, "summary", "x" * 1_000_000), "cases.csv", 2, "summary", "value is longer than 4000 characters"),
    Bad("leading space", cell("cases.csv", 2, "court", " Court"), "cases.csv", 2, "court", "leading or trailing spaces"),
    Bad("full name instead of initials", cell("cases.csv", 2, "defendant_initials", "Ivan Petrov"), "cases.csv", 2, "defendant_initials", "must be initials only"),
    *ISSUE_16,
]
# fmt: on


def problems_for(folder: Path) -> list[Problem]:
    raw_files = extract.run(folder)
    return raw_files.problems + validate.run(raw_files.frames, today=TODAY)


def broken(tmp_path: Path, bad: Bad) -> Path:
    folder = write_dataset(tmp_path / "data")
    bad.breaks(folder)
    return folder


def test_the_catalogue_starts_from_a_valid_dataset(tmp_path):
    assert errors(problems_for(write_dataset(tmp_path))) == []


@pytest.mark.parametrize("bad", CATALOGUE, ids=[b.name for b in CATALOGUE])
def test_each_bad_input_gets_a_message_naming_file_row_field_and_reason(tmp_path, bad):
    problems = problems_for(broken(tmp_path, bad))
    located = [
        p
        for p in problems
        if (p.file, p.row, p.field, p.severity) == (bad.file, bad.row, bad.field, bad.severity)
        and bad.reason in p.reason
    ]
    assert located, "\n".join(map(str, problems)) or "no problem found"
    text = str(located[0])
    assert text.startswith(f"{bad.severity.upper()}: {bad.file}")
    if bad.row:
        assert f"row {bad.row}" in text
    if bad.field:
        assert f"field '{bad.field}'" in text
    if bad.severity == "warning":
        assert errors(problems) == []


def refresh_rejected(tmp_path, bad):
    """Publish a good dataset, refresh with `bad`: the refresh is rejected and the published
    file stays byte-identical. Returns the rejected run's result."""
    db = tmp_path / "m.duckdb"
    assert refresh.run(write_dataset(tmp_path / "good"), db).ok
    before = db.read_bytes()
    result = refresh.run(broken(tmp_path, bad), db)
    assert result.outcome == "rejected"
    assert db.read_bytes() == before
    return result


BLOCKING = {
    "truncated inside a quoted field",
    "wrong encoding (Windows-1251)",
    "duplicate id",
    "source cited by nothing",
    "unknown country",
    "javascript: link",
    "script tag in a summary",
}


@pytest.mark.parametrize("bad", [b for b in CATALOGUE if b.name in BLOCKING], ids=lambda b: b.name)
def test_a_bad_input_blocks_the_refresh_and_the_published_database_is_untouched(tmp_path, bad):
    refresh_rejected(tmp_path, bad)


def test_a_mistyped_full_name_is_never_echoed_in_messages_reports_or_logs(tmp_path):
    folder = write_dataset(tmp_path / "data")
    cell("cases.csv", 2, "defendant_initials", "Ivan <b>Petrov</b>")(folder)
    db = tmp_path / "m.duckdb"
    result = refresh.run(folder, db)
    assert result.outcome == "rejected"
    assert any(p.field == "defendant_initials" for p in result.problems)
    everything = "\n".join(map(str, result.problems)) + result.report.read_text()
    everything += "".join(p.read_text() for p in tmp_path.glob("*.jsonl"))
    assert "Petrov" not in everything


# --- issue #16: every bad input above blocks a refresh, and the database stays byte-identical


@pytest.mark.parametrize("bad", ISSUE_16, ids=lambda b: b.name)
def test_each_issue_16_bad_input_blocks_the_refresh_and_names_file_row_field(tmp_path, bad):
    result = refresh_rejected(tmp_path, bad)
    located = [
        p
        for p in errors(result.problems)
        if (p.file, p.row, p.field) == (bad.file, bad.row, bad.field) and bad.reason in p.reason
    ]
    assert located, "\n".join(map(str, result.problems))


def published(tmp_path: Path, **extra) -> tuple[Path, Path, bytes]:
    """A published database from a valid dataset (with extra files), and its bytes."""
    folder = write_dataset(tmp_path / "data", **extra)
    db = tmp_path / "build" / "m.duckdb"
    assert refresh.run(folder, db).ok
    return folder, db, db.read_bytes()


def test_a_missing_file_that_was_published_is_an_error_unless_removal_is_allowed(tmp_path):
    folder, db, before = published(tmp_path)
    claim()(folder)
    assert refresh.run(folder, db).ok
    before = db.read_bytes()
    (folder / "claims.csv").unlink()
    result = refresh.run(folder, db)
    assert result.outcome == "rejected" and db.read_bytes() == before
    [p] = [p for p in errors(result.problems) if p.file == "claims.csv"]
    assert p.row == 0 and "file is missing" in p.reason and "holds 1 records" in p.reason
    assert "--allow-removal" in p.reason
    assert refresh.run(folder, db, allow_removal=True).ok


def test_an_emptied_file_names_its_cause_not_only_the_orphaned_sources(tmp_path):
    folder, db, _ = published(tmp_path)
    three_laws(folder)
    assert refresh.run(folder, db).ok
    before = db.read_bytes()
    header = (folder / "laws.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "laws.csv").write_text(header + "\n", encoding="utf-8")
    result = refresh.run(folder, db)
    assert result.outcome == "rejected" and db.read_bytes() == before
    assert any(
        p.file == "laws.csv" and "file holds no records" in p.reason and "3 records" in p.reason
        for p in result.problems
    )


def test_a_renamed_optional_file_loses_no_records(tmp_path):
    folder, db, _ = published(tmp_path)
    stages(("verdict", "2024-04"))(folder)
    assert refresh.run(folder, db).ok
    before = db.read_bytes()
    (folder / "case_stages.csv").rename(folder / "Case_Stages.csv")
    result = refresh.run(folder, db)
    assert result.outcome == "rejected" and db.read_bytes() == before
    reasons = {(p.file, p.reason.split(":")[0]) for p in errors(result.problems)}
    assert ("Case_Stages.csv", "unexpected file name") in reasons
    assert (
        "case_stages.csv",
        "file is missing, but the published database holds 1 records from it",
    ) in reasons


def test_a_symlinked_system_file_is_never_read_nor_copied_into_the_report(tmp_path):
    folder, db, before = published(tmp_path)
    (folder / "laws.csv").symlink_to("/etc/passwd")
    result = refresh.run(folder, db)
    assert result.outcome == "rejected" and db.read_bytes() == before
    report = result.report.read_text(encoding="utf-8")
    assert "root:" not in report and "symbolic link" in report


def test_a_fifo_in_data_is_an_error_at_once(tmp_path):
    folder, db, before = published(tmp_path)
    os.mkfifo(folder / "claims.csv")  # opening it for reading would block for ever
    result = refresh.run(folder, db)
    assert result.outcome == "rejected" and db.read_bytes() == before
    assert any(p.file == "claims.csv" and "FIFO" in p.reason for p in result.problems)


def test_reading_is_bounded(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data")
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 100)
    problems = extract.run(folder).problems
    assert any(p.file == "cases.csv" and "more than the 100 read" in p.reason for p in problems)


# --- paths that are not ours ---


def test_a_db_inside_the_data_folder_is_refused(tmp_path):
    folder = write_dataset(tmp_path / "data")
    target = folder / "cases.csv"
    before = target.read_bytes()
    result = refresh.run(folder, target)
    assert result.outcome == "failed" and "inside the data folder" in result.message
    assert target.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["outlets.csv", "sources.csv", "cases.csv", "incidents.csv"]
    )


def test_a_db_path_holding_another_file_is_never_overwritten(tmp_path):
    folder = write_dataset(tmp_path / "data")
    target = tmp_path / "notes.txt"
    target.write_text("my notes, not a database\n")
    result = refresh.run(folder, target)
    assert result.outcome == "failed" and "is not a DuckDB database" in result.message
    assert target.read_text() == "my notes, not a database\n"


def test_the_lock_file_never_follows_a_symlink(tmp_path):
    folder, db, before = published(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock = db.with_name(f".{db.name}.lock")
    lock.unlink()
    lock.symlink_to(victim)
    result = refresh.run(folder, db)
    assert result.outcome == "failed" and "symbolic link" in result.message
    assert victim.read_text() == "precious\n" and db.read_bytes() == before


# --- the refresh's own bookkeeping ---


@pytest.mark.parametrize(
    "line",
    [
        '{"run_id": 5, "started_at": "yesterday", "errors": "many"}',
        '{"run_id": "x", "started_at": "2026-01-01T00:00:00", "finished_at": [], "errors": 1}',
        '{"run_id": "y", "started_at": "2026-01-01T00:00:00+00:00", '
        '"finished_at": "2026-01-01T00:00:01+00:00", "changes": {"cases": "lots"}}',
        "[1, 2, 3]",
        "{not json",
    ],
)
def test_a_broken_run_log_line_is_skipped_and_reported_never_a_crash(tmp_path, line):
    folder, db, _ = published(tmp_path)
    log = db.with_name("m.runs.jsonl")
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    result = refresh.run(folder, db)
    assert result.ok, result.message
    assert any(
        p.file == log.name and p.severity == "warning" and "skipped" in p.reason
        for p in result.problems
    )


def test_a_read_only_target_reports_the_real_error(tmp_path, monkeypatch):
    import errno

    from etl import publish

    folder, db, before = published(tmp_path)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(db.parent / ".m.build"))

    monkeypatch.setattr(publish, "build", read_only)
    monkeypatch.setattr(publish, "append_run_log", read_only)
    cell("cases.csv", 2, "summary", "A corrected synthetic summary.")(folder)
    result = refresh.run(folder, db)
    assert result.outcome == "failed"
    assert result.message.startswith("OSError: [Errno 30] Read-only file system")
    assert "the run log could not be written either" in result.message
    assert db.read_bytes() == before


def test_no_machine_path_is_published(tmp_path):
    import duckdb

    folder, db, _ = published(tmp_path)
    with duckdb.connect(str(db), read_only=True) as con:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        messages = [m for (m,) in con.execute("SELECT message FROM etl_runs").fetchall()]
    assert not meta["data_dir"].startswith("/") and meta["data_dir"] == "data"
    assert messages and all(str(tmp_path) not in m and "/" not in m for m in messages)


# --- ids across refreshes ---


def test_a_published_id_is_never_reused_for_another_record(tmp_path):
    folder, db, before = published(tmp_path)
    cell("cases.csv", 3, "country_iso3", "KAZ")(folder)
    cell("cases.csv", 3, "source_ids", "S-0003")(folder)
    cell("cases.csv", 4, "source_ids", "S-0002")(folder)
    result = refresh.run(folder, db)
    assert result.outcome == "rejected" and db.read_bytes() == before
    [p] = [p for p in errors(result.problems) if "never reused" in p.reason]
    assert (p.file, p.row, p.field, p.record_id) == ("cases.csv", 3, "case_id", "C-0002")


def test_a_corrected_record_keeps_its_id(tmp_path):
    folder, db, _ = published(tmp_path)
    cell("cases.csv", 3, "country_iso3", "KAZ")(folder)  # same sources: a correction
    assert refresh.run(folder, db).ok


# --- messages ---


def test_messages_quote_the_value_exactly_in_the_console(tmp_path):
    from typer.testing import CliRunner

    from etl.cli import app

    folder = write_dataset(tmp_path / "data")
    cell("cases.csv", 2, "summary", "Sentenced :fire: [bold]x[/bold] \u202e5")(folder)
    out = CliRunner().invoke(
        app, ["refresh", "--data", str(folder), "--db", str(tmp_path / "m.duckdb")]
    )
    assert out.exit_code == 1
    assert ":fire: [bold]x[/bold] \\u202e5" in out.output and "🔥" not in out.output


def test_the_row_count_must_equal_the_lines_that_start_records():
    import pandas as pd

    raw = b"law_id,summary,source_ids\nL-0001,one,S-1\nL-0002,two,S-2\n"
    frame = pd.DataFrame({"law_id": ["L-0001"], "summary": ["one"], "source_ids": ["S-1"]})
    [p] = extract.swallowed_records("laws.csv", raw, frame.assign(__row__=[2]))
    assert p.row == 0 and "2 lines read as records, but 1 records were read" in p.reason


def test_the_data_dictionary_lists_every_bad_input_kind():
    from etl.settings import DATA_DIR

    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Bad inputs: what the maintainer sees") :]
    missing = [b.name for b in CATALOGUE if f"| {b.name}" not in section]
    assert missing == []
