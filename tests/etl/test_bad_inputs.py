"""The bad-input catalogue: each way a curated file can be wrong, and the located message it gets.

One row per bad input: how the valid synthetic dataset is broken, and the problem that must
come out (file, row, field, a phrase of the reason). Rows count the header as row 1, as a
spreadsheet shows them; row 0 is the whole file. Every entry must block a refresh.
"""

from __future__ import annotations

import csv
import datetime as dt
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


@dataclass(frozen=True)
class Bad:
    name: str
    breaks: Callable[[Path], None]
    file: str
    row: int
    field: str
    reason: str
    severity: str = "error"


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
    Bad("id with a space", cell("cases.csv", 2, "case_id", "C 1"), "cases.csv", 2, "case_id", "id must be letters, digits"),
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
    Bad("text-direction override", cell("cases.csv", 2, "summary", "Sentenced to \u202e5 years"), "cases.csv", 2, "summary", "invisible or text-direction characters (U+200B-U+206F, U+FEFF) (got 'Sentenced to \\u202e5 years')"),
    Bad("control character", cell("cases.csv", 2, "summary", "bell\x07here"), "cases.csv", 2, "summary", "contains control characters (got 'bell\\u0007here')"),
    Bad("1 MB field", cell("cases.csv", 2, "summary", "x" * 1_000_000), "cases.csv", 2, "summary", "value is longer than 4000 characters"),
    Bad("leading space", cell("cases.csv", 2, "court", " Court"), "cases.csv", 2, "court", "leading or trailing spaces"),
    Bad("full name instead of initials", cell("cases.csv", 2, "defendant_initials", "Ivan Petrov"), "cases.csv", 2, "defendant_initials", "must be initials only"),
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
    db = tmp_path / "m.duckdb"
    assert refresh.run(write_dataset(tmp_path / "good"), db).ok
    before = db.read_bytes()
    result = refresh.run(broken(tmp_path, bad), db)
    assert result.outcome == "rejected"
    assert db.read_bytes() == before


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
