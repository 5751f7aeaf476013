"""Stage 2 - the contract enforced: every rule a record must meet, one clear message per failure.

Rules run column by column on whole pandas Series (no Python loop per row), so a
million-row file validates in seconds. Each failure names file, row, field and reason.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pycountry

from etl.contract import FILES, SOURCES, Column, FileContract
from etl.problems import Problem

ID_RE = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"
# ASCII digits only: pandas' \d also matches other scripts' digits, which no parser reads.
PARTIAL_DATE_RE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
# Initials only, as outlets print them: "T.R.", "A.Kh.", "L. S."; several defendants ';'-separated.
# Transliteration makes some initials two to four letters long: Kh., Sh., Zh., Ye., Shch.
_INITIAL = r"[A-ZА-ЯЁ](?:hch|[a-zа-яё])?\.\s?"
INITIALS_RE = rf"(?:{_INITIAL}){{1,3}}(?:;\s?(?:{_INITIAL}){{1,3}})*"
MAX_TEXT = 4000
# The Donbas war began in spring 2014; nothing we record can predate it.
EARLIEST_EVENT = "2014-01-01"
# Markup in a text field is never legitimate here and may be an injection attempt.
MARKUP_RE = re.compile(r"<\s*[a-zA-Z/!?]|javascript:|&#|on\w+\s*=", re.IGNORECASE)
# Markdown links and images would render as live links (or load a tracker) wherever a page
# shows the text as Markdown; addresses belong in sources.csv.
MARKDOWN_LINK_RE = re.compile(r"\]\s*\(|!\[")
# Invisible characters that reorder or hide text (CVE-2021-42574, "Trojan Source").
INVISIBLE_RE = r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
# A cell starting with one of these runs as a formula when a CSV export is opened in a
# spreadsheet (OWASP "CSV injection").
FORMULA_RE = r"^[=+@]"
# Values never echoed back in messages: a mistyped full name must not reach a log.
PERSONAL = {"defendant_initials"}
# Prosecuted defendants are at least 14 (criminal responsibility for grave crimes in the
# region's criminal codes, e.g. UZB CC art. 17, KAZ CC art. 15).
MIN_DEFENDANT_AGE = 14
# Stages in the order a case goes through them.
STAGE_ORDER = {"charged": 0, "verdict": 1, "appeal": 2, "annulled": 2, "retrial": 3}
STAGE_NOUN = {
    "charged": "charge",
    "verdict": "verdict",
    "appeal": "appeal",
    "annulled": "annulment",
    "retrial": "retrial",
}
# Shown escaped when a message quotes a value, so the message itself is never reordered,
# hidden or garbled by what it quotes.
UNPRINTABLE = re.compile(INVISIBLE_RE[:-1] + r"\x00-\x1f\x7f]")
EVENT_DATES = {"verdict_date", "report_date", "event_date", "stage_date", "as_of_date"}


def run(frames: dict[str, pd.DataFrame], today: dt.date | None = None) -> list[Problem]:
    """Check every file against its contract, then references between files."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    for contract in FILES:
        frame = frames.get(contract.name)
        if frame is None or frame.empty and len(frame.columns) == 0:
            continue
        problems += check_columns(contract, frame)
        present = [c for c in contract.columns if c.name in frame.columns]
        for column in present:
            problems += check_column(contract, frame, column, today)
        problems += check_unique_key(contract, frame)
        problems += check_cross_fields(contract, frame)
    problems += check_references(frames)
    problems += check_stage_order(frames.get("case_stages.csv"))
    return sorted(set(problems))


def check_columns(contract: FileContract, frame: pd.DataFrame) -> list[Problem]:
    cols = [c for c in frame.columns if c != "__row__"]
    missing = [c for c in contract.column_names if c not in cols]
    unknown = [c for c in cols if c not in contract.column_names]
    out = [Problem(contract.name, 1, c, "required column missing from the header") for c in missing]
    out += [
        Problem(
            contract.name, 1, c, f"unknown column (allowed: {', '.join(contract.column_names)})"
        )
        for c in unknown
    ]
    return out


def check_column(
    contract: FileContract, frame: pd.DataFrame, col: Column, today: dt.date
) -> list[Problem]:
    values = frame[col.name].astype(str)
    stripped = values.str.strip()
    empty = stripped == ""
    problems = _report(contract, frame, col, empty & col.required, "required value is empty")
    problems += _report(
        contract, frame, col, (values != stripped) & ~empty, "leading or trailing spaces"
    )
    problems += _report(
        contract,
        frame,
        col,
        (values != "") & empty,
        "value is only spaces or line breaks: leave the cell empty",
    )
    filled = ~empty
    too_long = values.str.len() > MAX_TEXT
    problems += _report(
        contract, frame, col, too_long, f"value is longer than {MAX_TEXT} characters"
    )
    check = filled & ~too_long
    checker = _CHECKS[col.kind]
    shown = None if col.name in PERSONAL else stripped
    for mask, reason in checker(stripped.where(check, ""), check, col, today):
        problems += _report(contract, frame, col, mask & check, reason, shown)
    if col.kind == "text":
        shown = None if col.name in PERSONAL else stripped
        for mask, reason in (
            (stripped.str.contains(MARKUP_RE), "contains HTML or script markup"),
            (stripped.str.contains(MARKDOWN_LINK_RE), "contains Markdown link or image syntax"),
            (
                stripped.str.contains(INVISIBLE_RE),
                "contains invisible or text-direction characters (U+200B-U+206F, U+FEFF)",
            ),
            (
                stripped.str.contains(FORMULA_RE),
                "starts with '=', '+' or '@', which a spreadsheet runs as a formula",
            ),
        ):
            problems += _report(contract, frame, col, check & mask, reason, shown)
    if col.name == "defendant_initials":
        full = check & ~stripped.str.fullmatch(INITIALS_RE)
        problems += _report(
            contract,
            frame,
            col,
            full,
            "must be initials only, like 'T.R.' (privacy: never a full name)",
        )
    return problems


def _check_text(values, filled, col, today):
    control = values.str.contains(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", regex=True)
    return [(control, "contains control characters")]


def _check_id(values, filled, col, today):
    return [
        (~values.str.fullmatch(ID_RE), "id must be letters, digits, '-', '_' or '.' (at most 64)")
    ]


def _check_ids(values, filled, col, today):
    tokens = values.str.split(";")
    bad = tokens.apply(
        lambda ts: any(not re.fullmatch(ID_RE, t) for t in ts) if isinstance(ts, list) else False
    )
    dup = tokens.apply(lambda ts: isinstance(ts, list) and len(set(ts)) != len(ts))
    return [(bad, "list ids separated by ';' with no spaces"), (dup, "same id listed twice")]


def _check_int(values, filled, col, today):
    not_int = ~values.str.fullmatch(r"[0-9]+")
    numbers = pd.to_numeric(values.where(~not_int, "0"), errors="coerce").fillna(0)
    out = [(not_int, "must be a whole number >= 0 (no units, no decimals)")]
    if col.max_value is not None:
        out.append(
            (
                ~not_int & (numbers > col.max_value),
                f"implausible: larger than {col.max_value} {col.unit}".rstrip(),
            )
        )
    return out


def _check_partial_date(values, filled, col, today):
    shape = values.str.fullmatch(PARTIAL_DATE_RE)
    padded = values.where(shape, "").str.pad(10, side="right", fillchar="*")
    padded = padded.str.replace(r"^(\d{4})\*{6}$", r"\1-01-01", regex=True)
    padded = padded.str.replace(r"^(\d{4}-\d{2})\*{3}$", r"\1-01", regex=True)
    parsed = pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")
    out = [
        (~shape, "date must be YYYY, YYYY-MM or YYYY-MM-DD"),
        (shape & parsed.isna(), "no such calendar date"),
        (parsed > pd.Timestamp(today), f"date is in the future (today is {today.isoformat()})"),
    ]
    if col.name in EVENT_DATES:
        out.append((parsed < pd.Timestamp(EARLIEST_EVENT), "date is before the war began (2014)"))
    return out


def _check_url(values, filled, col, today):
    scheme_ok = values.str.match(r"https?://", case=False)
    shape_ok = values.str.fullmatch(
        r"https?://[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\.?(:\d+)?(/\S*)?", case=False
    )
    return [
        (~scheme_ok, "only http:// or https:// links are allowed"),
        (scheme_ok & ~shape_ok, "not a well-formed web address (host or spaces)"),
    ]


def _check_iso3(values, filled, col, today):
    known = {c.alpha_3 for c in pycountry.countries}
    unknown = ~values.isin(known)
    outside = ~unknown & ~values.isin(col.countries)
    return [
        (unknown, "not an ISO 3166-1 alpha-3 country code"),
        (outside, f"country not covered here (allowed: {', '.join(col.countries)})"),
    ]


def _check_language(values, filled, col, today):
    known = {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    return [(~values.isin(known), "not an ISO 639-1 language code (e.g. en, ru, uz, ky, kk, tg)")]


def _check_enum(values, filled, col, today):
    allowed = sorted(col.allowed or {})
    return [(~values.isin(allowed), f"unknown value (allowed: {', '.join(allowed)})")]


_CHECKS = {
    "text": _check_text,
    "id": _check_id,
    "ids": _check_ids,
    "int": _check_int,
    "partial_date": _check_partial_date,
    "url": _check_url,
    "iso3": _check_iso3,
    "language": _check_language,
    "enum": _check_enum,
}


def check_unique_key(contract: FileContract, frame: pd.DataFrame) -> list[Problem]:
    keys = contract.key.split("+")
    if any(k not in frame.columns for k in keys):
        return []
    # " C-1" and "c-1" are the same id to a reader, so they count as duplicates too.
    normalised = frame[keys].apply(lambda s: s.astype(str).str.strip().str.upper())
    dup = normalised.duplicated(keep="first") & (normalised[keys[0]] != "")
    rows = frame[dup]
    return [
        Problem(
            contract.name,
            int(r["__row__"]),
            contract.key,
            f"duplicate id '{'+'.join(r[k] for k in keys)}'",
        )
        for _, r in rows.iterrows()
    ]


def check_cross_fields(contract: FileContract, frame: pd.DataFrame) -> list[Problem]:
    out: list[Problem] = []
    cols = set(frame.columns)
    for main in ("verdict_date", "event_date"):
        if {main, "report_date"} <= cols:
            undated = (frame[main].str.strip() == "") & (frame["report_date"].str.strip() == "")
            out += [
                Problem(
                    contract.name,
                    int(r),
                    main,
                    "neither this nor report_date is known: the record is in no timeline",
                    "warning",
                    str(i),
                )
                for r, i in zip(
                    frame.loc[undated, "__row__"],
                    frame.loc[undated, contract.key.split("+")[0]],
                    strict=True,
                )
            ]
    # A verdict may follow its first report (news of the arrest), so only events and figures
    # are checked against their report date.
    if {"event_date", "report_date"} <= cols:
        out += _date_order(
            contract, frame, "event_date", "report_date", "event is dated after its first report"
        )
    if {"as_of_date", "report_date"} <= cols:
        out += _date_order(
            contract, frame, "as_of_date", "report_date", "figure is dated after its report"
        )
    if {"sentence_type", "sentence_months"} <= cols:
        no_term = frame["sentence_type"].isin(["acquitted", "pending", "fine"])
        has_term = frame["sentence_months"].str.strip() != ""
        out += _report(
            contract,
            frame,
            contract.column("sentence_months"),
            no_term & has_term,
            "a sentence length makes no sense with this sentence_type",
        )
    if "defendant_age" in cols:
        age = pd.to_numeric(
            frame["defendant_age"].where(frame["defendant_age"].str.fullmatch(r"[0-9]+"), None),
            errors="coerce",
        )
        out += _report(
            contract,
            frame,
            contract.column("defendant_age"),
            age < MIN_DEFENDANT_AGE,
            f"implausible: younger than {MIN_DEFENDANT_AGE}, the age of criminal responsibility",
        )
    if "url" in cols:
        urls = frame["url"].str.strip().str.lower().str.rstrip("/")
        out += _report(
            contract,
            frame,
            contract.column("url"),
            urls.duplicated(keep="first") & (urls != ""),
            "same address as an earlier source: cite that source instead",
            frame["url"],
        )
    if {"penalty_min_months", "penalty_max_months"} <= cols:
        lo = pd.to_numeric(frame["penalty_min_months"], errors="coerce")
        hi = pd.to_numeric(frame["penalty_max_months"], errors="coerce")
        out += _report(
            contract,
            frame,
            contract.column("penalty_min_months"),
            lo > hi,
            "minimum is above maximum",
        )
    return out


def _date_order(contract, frame, early: str, late: str, reason: str) -> list[Problem]:
    start = pd.to_datetime(_first_day(frame[early]), errors="coerce", format="%Y-%m-%d")
    end = pd.to_datetime(_last_day(frame[late]), errors="coerce", format="%Y-%m-%d")
    return _report(contract, frame, contract.column(early), start > end, reason)


def _first_day(values: pd.Series) -> pd.Series:
    v = values.str.strip()
    v = v.where(~v.str.fullmatch(r"\d{4}"), v + "-01-01")
    return v.where(~v.str.fullmatch(r"\d{4}-\d{2}"), v + "-01")


def _last_day(values: pd.Series) -> pd.Series:
    v = values.str.strip()
    v = v.where(~v.str.fullmatch(r"\d{4}"), v + "-12-31")
    month = v.str.fullmatch(r"\d{4}-\d{2}")
    month_start = pd.to_datetime(v.where(month, "") + "-01", errors="coerce", format="%Y-%m-%d")
    month_end = (month_start + pd.offsets.MonthEnd(0)).dt.strftime("%Y-%m-%d")
    return v.where(~month, month_end)


def check_references(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every cited source exists; every source is cited; every stage belongs to a case."""
    sources = frames.get(SOURCES.name)
    if sources is None or "source_id" not in sources.columns:
        return []
    known = set(sources["source_id"].str.strip())
    cited: set[str] = set()
    out: list[Problem] = []
    for contract in FILES:
        frame = frames.get(contract.name)
        if frame is None or "source_ids" not in frame.columns or frame.empty:
            continue
        exploded = (
            frame[["__row__", "source_ids", contract.key.split("+")[0]]]
            .assign(sid=frame["source_ids"].str.split(";"))
            .explode("sid")
        )
        exploded["sid"] = exploded["sid"].fillna("").str.strip()
        exploded = exploded[exploded["sid"] != ""]
        cited |= set(exploded["sid"])
        missing = exploded[~exploded["sid"].isin(known)]
        key = contract.key.split("+")[0]
        out += [
            Problem(
                contract.name,
                int(r["__row__"]),
                "source_ids",
                f"cites source '{r['sid']}' that is not in sources.csv",
                record_id=str(r[key]),
            )
            for _, r in missing.iterrows()
        ]
    orphans = sources[
        ~sources["source_id"].str.strip().isin(cited) & (sources["source_id"].str.strip() != "")
    ]
    out += [
        Problem(
            SOURCES.name,
            int(r["__row__"]),
            "source_id",
            "source is cited by no record: cite it or remove it",
            record_id=r["source_id"],
        )
        for _, r in orphans.iterrows()
    ]
    cases, stages = frames.get("cases.csv"), frames.get("case_stages.csv")
    if (
        cases is not None
        and stages is not None
        and "case_id" in stages.columns
        and "case_id" in cases.columns
    ):
        lost = stages[~stages["case_id"].isin(set(cases["case_id"]))]
        out += [
            Problem(
                "case_stages.csv",
                int(r["__row__"]),
                "case_id",
                f"case '{r['case_id']}' is not in cases.csv",
            )
            for _, r in lost.iterrows()
        ]
    return out


def check_stage_order(stages: pd.DataFrame | None) -> list[Problem]:
    """Within one case, a later stage (an appeal) cannot be dated before an earlier one (the
    verdict): partial dates compare by their widest reading, so '2023-08' is not before
    '2023-08-15'."""
    need = {"case_id", "stage", "stage_date", "__row__"}
    if stages is None or stages.empty or not need <= set(stages.columns):
        return []
    dated = stages[stages["stage_date"].str.strip().str.fullmatch(PARTIAL_DATE_RE)]
    events = pd.DataFrame(
        {
            "case_id": dated["case_id"].str.strip(),
            "order": dated["stage"].str.strip().map(STAGE_ORDER),
            "stage": dated["stage"].str.strip(),
            "date": dated["stage_date"].str.strip(),
            "start": pd.to_datetime(_first_day(dated["stage_date"]), errors="coerce"),
            "end": pd.to_datetime(_last_day(dated["stage_date"]), errors="coerce"),
            "row": dated["__row__"],
        }
    ).dropna(subset=["order", "start", "end"])
    pairs = events.merge(events, on="case_id", suffixes=("_a", "_b"))
    wrong = pairs[(pairs["order_a"] < pairs["order_b"]) & (pairs["start_a"] > pairs["end_b"])]
    return [
        Problem(
            "case_stages.csv",
            int(r.row_b),
            "stage_date",
            f"{STAGE_NOUN[r.stage_b]} is dated before the {STAGE_NOUN[r.stage_a]} of the same case "
            f"({r.date_a}, row {r.row_a})",
            record_id=str(r.case_id),
        )
        for r in wrong.itertuples()
    ]


def _report(contract, frame, col, mask, reason, values=None) -> list[Problem]:
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return []
    hits = frame.loc[mask]
    key = contract.key.split("+")[0]
    ids = hits[key] if key in hits.columns else pd.Series("", index=hits.index)
    shown = values.loc[mask] if values is not None else None
    out = []
    for i, row in enumerate(hits["__row__"]):
        text = reason
        if shown is not None:
            v = shown.iloc[i]
            v = UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", v[:60]) + (
                "…" if len(v) > 60 else ""
            )
            text += f" (got '{v}')"
        out.append(
            Problem(contract.name, int(row), col.name, text, record_id=str(ids.iloc[i])[:64])
        )
    return out
