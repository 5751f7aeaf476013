"""Stage 2 - the contract enforced: every rule a record must meet, one clear message per failure.

Rules run column by column on whole pandas Series (no Python loop per row), so a
million-row file validates in seconds. Each failure names file, row, field and reason.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pycountry

from etl import case_dates, claim_series, columns, dates, ids, names
from etl.columns import WHITESPACE
from etl.contract import FILES, SOURCES, STAGE_ORDER, Column, FileContract
from etl.problems import Problem

ID_RE = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"
PARTIAL_DATE_RE = dates.SHAPE
# Initials only, as outlets print them: "T.R.", "A.Kh.", "L. S."; several defendants ';'-separated.
# Transliteration makes some initials two to four letters long: Kh., Sh., Zh., Ye., Shch.
_INITIAL = rf"[A-ZА-ЯЁ](?:hch|[a-zа-яё])?\.{WHITESPACE}?"
INITIALS_RE = rf"(?:{_INITIAL}){{1,3}}(?:;{WHITESPACE}?(?:{_INITIAL}){{1,3}})*"
MAX_TEXT = 4000
# The Donbas war began in spring 2014; nothing we record can predate it.
EARLIEST_EVENT = "2014-01-01"
# Laws in force and documents we cite date from independence (1991) on, never before.
EARLIEST_DOCUMENT = "1991-01-01"
# Markup in a text field is never legitimate here and may be an injection attempt.
# RE2 syntax, case-insensitive: [\p{L}\p{N}_] is Python's \w (letters, digits, underscore).
# Every markup match holds '<', '&', '=' or ':' (see _check_text).
MARKUP_RE = rf"<{WHITESPACE}*[a-zA-Z/!?]|javascript:|&#|on[\p{{L}}\p{{N}}_]+{WHITESPACE}*="
# Bytes one of the text rules needs: markup <&=:, Markdown ]!, formulas =+@, control
# characters, and 0xE2 / 0xEF, which start the UTF-8 form of every invisible character.
TEXT_RULE_BYTES = b"<&=:]!+@-\t\r" + bytes(sorted({ch.encode()[0] for ch in ids.INVISIBLE_CHARS}))
CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]))
CONTROL_RE = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
TEXT_RULE_BYTES += CONTROL_CHARS.encode("ascii")
# Markdown links and images would render as live links (or load a tracker) wherever a page
# shows the text as Markdown; addresses belong in sources.csv.
MARKDOWN_LINK_RE = rf"\]{WHITESPACE}*\(|!\["
# Invisible characters that reorder or hide text (CVE-2021-42574, "Trojan Source").
# (The characters themselves, not \u escapes: Arrow's regex engine, RE2, has no \u.)
# The full set (issue #16): soft hyphen, Arabic letter mark, Hangul fillers, TAG characters...
INVISIBLE_RE = ids.INVISIBLE_RE
# A cell starting with one of these runs as a formula when a CSV export is opened in a
# spreadsheet (OWASP "CSV injection": '=', '+', '-', '@', tab, carriage return).
FORMULA_RE = r"^[=+\-@\t\r]"
# Values never echoed back in messages: a mistyped full name must not reach a log.
PERSONAL = {"defendant_initials"}
# Prosecuted defendants are at least 14 (criminal responsibility for grave crimes in the
# region's criminal codes, e.g. UZB CC art. 17, KAZ CC art. 15).
MIN_DEFENDANT_AGE = 14
STAGE_NOUN = {
    "charged": "charge",
    "verdict": "verdict",
    "appeal": "appeal",
    "annulled": "annulment",
    "retrial": "retrial",
}
# Shown escaped when a message quotes a value, so the message itself is never reordered,
# hidden or garbled by what it quotes.
UNPRINTABLE = re.compile(INVISIBLE_RE[:-1] + r"\x00-\x1f\x7f-\x9f]")
EVENT_DATES = {
    "verdict_date",
    "latest_stage_date",
    "report_date",
    "event_date",
    "stage_date",
    "as_of_date",
}


def run(frames: dict[str, pd.DataFrame], today: dt.date | None = None) -> list[Problem]:
    """Check every file against its contract, then references between files."""
    today = today or dt.date.today()
    present = [
        (contract, frame)
        for contract in FILES
        if (frame := frames.get(contract.name)) is not None
        and not (frame.empty and len(frame.columns) == 0)
    ]
    # Files are independent and the heavy work (Arrow kernels) releases the GIL: check them
    # side by side. The result is sorted, so it does not depend on which finishes first.
    with ThreadPoolExecutor(max_workers=min(len(present), os.cpu_count() or 1) or 1) as pool:
        per_file = list(pool.map(lambda job: check_file(*job, today), present))
    problems = [p for found in per_file for p in found]
    problems += check_references(frames)
    problems += check_foreign_keys(frames)
    problems += check_stage_order(frames.get("case_stages.csv"))
    problems += case_dates.check(frames.get("cases.csv"), frames.get("case_stages.csv"))
    problems += claim_series.check(frames.get("claims.csv"))
    problems += check_ids_across_files(frames)
    return sorted(set(problems))


def check_ids_across_files(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """An id names one record in the whole dataset: never the same id in two files."""
    keyed = []
    for contract in FILES:
        frame = frames.get(contract.name)
        if "+" in contract.key or frame is None or frame.empty or contract.key not in frame.columns:
            continue
        # As typed: a lower-case or padded id already fails the id rule in its own file.
        keyed.append((contract, frame, columns.arrow(frame[contract.key])))
    out: list[Problem] = []
    # One hash lookup per file pair (a handful of files): no per-row Python.
    for j, (later, frame, ids_b) in enumerate(keyed):
        for earlier, first, ids_a in keyed[:j]:
            at = pc.index_in(ids_b, value_set=ids_a)
            hit = np.flatnonzero(
                np.asarray(at.is_valid()) & (np.asarray(pc.utf8_length(ids_b)) > 0)
            )
            for row in hit:
                other = int(at[int(row)].as_py())
                shown = frame[later.key].iloc[row]
                out.append(
                    Problem(
                        later.name,
                        int(frame["__row__"].iloc[row]),
                        later.key,
                        f"id '{shown}' is also used in {earlier.name} (row "
                        f"{int(first['__row__'].iloc[other])}): an id names one record across "
                        "all files",
                        record_id=str(shown)[:64],
                    )
                )
    return out


def check_full_names(contract: FileContract, frame: pd.DataFrame) -> list[Problem]:
    """A full name in prose is an error until acknowledged as a public figure (etl/names.py)."""
    out: list[Problem] = []
    key = contract.key.split("+")[0]
    for name in names.PROSE_COLUMNS:
        if name not in frame.columns:
            continue
        suspect = columns.contains(frame[name], names.PAIR_RE)
        for _, r in frame[suspect].iterrows():
            for phrase in names.full_names(r[name]):
                out.append(
                    Problem(
                        contract.name,
                        int(r["__row__"]),
                        name,
                        f"looks like a person's full name ('{phrase}'): write initials; if it is "
                        "a public figure named in their role, add the name to "
                        "etl/public_figures.txt",
                        record_id=str(r.get(key, ""))[:64],
                    )
                )
    return out


def check_file(contract: FileContract, frame: pd.DataFrame, today: dt.date) -> list[Problem]:
    problems = check_columns(contract, frame)
    for column in contract.columns:
        if column.name in frame.columns:
            problems += check_column(contract, frame, column, today)
    problems += check_unique_key(contract, frame)
    problems += check_cross_fields(contract, frame)
    problems += check_full_names(contract, frame)
    return problems


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
    stripped = columns.strip(values)
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
    # A value has at least as many bytes as characters: count characters only where needed.
    too_long = pd.Series(columns.byte_lengths(values) > MAX_TEXT, index=values.index)
    if too_long.any():
        too_long[too_long] = values[too_long].str.len() > MAX_TEXT
    problems += _report(
        contract, frame, col, too_long, f"value is longer than {MAX_TEXT} characters"
    )
    check = filled & ~too_long
    checker = _CHECKS[col.kind]
    shown = None if col.name in PERSONAL else stripped
    for mask, reason in checker(stripped.where(check, ""), check, col, today):
        problems += _report(contract, frame, col, mask & check, reason, shown)
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
    # Every rule below needs one of a few bytes (ASCII punctuation, control characters, or
    # the lead byte of the invisible characters' UTF-8 forms): one byte scan over all values
    # finds the candidates, and only those meet the regular expressions.
    suspect = columns.has_any_of(values, TEXT_RULE_BYTES)
    candidates = values[suspect]

    def found(pattern: str, ignore_case: bool = False) -> pd.Series:
        hits = columns.contains(candidates, pattern, ignore_case=ignore_case)
        return hits.reindex(values.index, fill_value=False)

    return [
        (found(CONTROL_RE), "contains control characters"),
        (found(MARKUP_RE, ignore_case=True), "contains HTML or script markup"),
        (found(MARKDOWN_LINK_RE), "contains Markdown link or image syntax"),
        (
            found(INVISIBLE_RE),
            f"contains invisible or text-direction characters ({ids.INVISIBLE_NAMES})",
        ),
        (
            found(FORMULA_RE),
            "starts with '=', '+', '-' or '@', which a spreadsheet runs as a formula",
        ),
    ]


def _check_id(values, filled, col, today):
    prefix = ids.PREFIXES.get(col.name)
    if prefix:
        # One rule for the refresh and the explorer's links (etl/ids.py).
        return [
            (
                ~values.str.fullmatch(ids.id_pattern(prefix)),
                f"id must be '{prefix}-' and 1 to {ids.MAX_DIGITS} digits, e.g. {prefix}-0001",
            )
        ]
    return [
        (~values.str.fullmatch(ID_RE), "id must be letters, digits, '-', '_' or '.' (at most 64)")
    ]


def _check_ids(values, filled, col, today):
    # Every token an id <=> the whole list matches id(;id)*: one regex pass, no loop per row.
    bad = ~values.str.fullmatch(rf"{ID_RE}(?:;{ID_RE})*")
    return [
        (bad, "list ids separated by ';' with no spaces"),
        (_repeats(values), "same id listed twice"),
    ]


def _repeats(values: pd.Series) -> pd.Series:
    """True where a ';'-separated list names one id twice."""
    lists = pc.split_pattern(columns.arrow(values), ";")
    multi = np.asarray(pc.list_value_length(lists).fill_null(0)) > 1
    out = np.zeros(len(values), dtype=bool)
    if multi.any():
        several = lists.filter(pa.array(multi))
        pairs = pd.DataFrame(
            {
                "row": np.asarray(pc.list_parent_indices(several)),
                "id": pc.list_flatten(several).to_pandas(),
            }
        )
        repeated = pairs.loc[pairs.duplicated(), "row"].unique()
        out[np.flatnonzero(multi)[repeated]] = True
    return pd.Series(out, index=values.index)


def _check_int(values, filled, col, today):
    not_int = ~values.str.fullmatch(r"[0-9]+")
    numbers = whole_numbers(values, ~not_int)
    # '0048' is a typing slip (or a spreadsheet's text cell), not a huge number: say so.
    padded = ~not_int & values.str.fullmatch(r"0[0-9]+")
    out = [
        (not_int, "must be a whole number >= 0 (no units, no decimals)"),
        (padded, "written with leading zeros: write the number without them (48, not 048)"),
    ]
    if col.max_value is not None:
        out.append(
            (
                ~not_int & ~padded & (numbers > col.max_value),
                f"implausible: larger than {col.max_value} {col.unit}".rstrip(),
            )
        )
    return out


def _check_partial_date(values, filled, col, today):
    shape = dates.shaped(values)
    parsed = dates.first_day(values, shape)
    out = [
        (~shape, "date must be YYYY, YYYY-MM or YYYY-MM-DD"),
        (shape & parsed.isna(), "no such calendar date"),
        (parsed > pd.Timestamp(today), f"date is in the future (today is {today.isoformat()})"),
    ]
    year_zero = shape & values.str.startswith("0000")
    out[1] = (shape & parsed.isna() & ~year_zero, "no such calendar date")
    out.append((year_zero, "year 0000 does not exist: write the real year or leave it empty"))
    if col.name in EVENT_DATES:
        out.append((parsed < pd.Timestamp(EARLIEST_EVENT), "date is before the war began (2014)"))
    else:
        out.append(
            (
                ~year_zero & (parsed < pd.Timestamp(EARLIEST_DOCUMENT)),
                "implausible: before 1991, when the countries covered became independent",
            )
        )
    return out


def _check_url(values, filled, col, today):
    scheme_ok = values.str.match(r"https?://", case=False)
    shape_ok = values.str.fullmatch(
        rf"https?://[A-Za-z0-9.\-]+\.[A-Za-z]{{2,}}\.?(:[0-9]+)?(/[^{WHITESPACE[1:-1]}]*)?",
        case=False,
    )
    host = pc.utf8_lower(
        pc.struct_field(pc.extract_regex(columns.arrow(values), r"^https?://(?P<h>[^/?#]*)"), [0])
    )
    internal = pd.Series(
        np.asarray(pc.match_substring_regex(host, ids.INTERNAL_HOST_RE).fill_null(False)),
        index=values.index,
    )
    return [
        (~scheme_ok, "only http:// or https:// links are allowed"),
        (scheme_ok & ~shape_ok, "not a well-formed web address (host or spaces)"),
        (
            columns.contains(values, r'["<>\\^`{|}]'),
            "holds a raw '\"', '<', '>', '\\', '^', '`', '{', '|' or '}': copy the address "
            "from the browser's address bar, which percent-encodes them",
        ),
        (
            columns.contains(values, INVISIBLE_RE),
            "contains invisible or text-direction characters",
        ),
        (
            scheme_ok & internal,
            "links to an internal address (localhost, a private network, link-local or "
            "cloud metadata): a source is a public page",
        ),
    ]


def _check_iso3(values, filled, col, today):
    known = _iso3_codes()
    unknown = ~columns.isin(values, known)
    out = [(unknown, "not an ISO 3166-1 alpha-3 country code")]
    if col.countries:  # no list: any country (an outlet may be based anywhere)
        outside = ~unknown & ~columns.isin(values, col.countries)
        out.append((outside, f"country not covered here (allowed: {', '.join(col.countries)})"))
    return out


def _check_language(values, filled, col, today):
    known = _language_codes()
    return [
        (
            ~columns.isin(values, known),
            "not an ISO 639-1 language code (e.g. en, ru, uz, ky, kk, tg)",
        )
    ]


def _check_languages(values, filled, col, today):
    codes = "|".join(sorted(_language_codes()))
    return [
        (
            ~values.str.fullmatch(rf"(?:{codes})(?:;(?:{codes}))*"),
            "list ISO 639-1 language codes separated by ';' with no spaces (e.g. ru;ky)",
        ),
        (_repeats(values), "same language listed twice"),
    ]


def _check_enum(values, filled, col, today):
    allowed = sorted(col.allowed or {})
    return [(~columns.isin(values, allowed), f"unknown value (allowed: {', '.join(allowed)})")]


@cache
def _iso3_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


@cache
def _language_codes() -> frozenset[str]:
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


_CHECKS = {
    "text": _check_text,
    "id": _check_id,
    "ids": _check_ids,
    "int": _check_int,
    "partial_date": _check_partial_date,
    "url": _check_url,
    "iso3": _check_iso3,
    "language": _check_language,
    "languages": _check_languages,
    "enum": _check_enum,
}


def check_unique_key(contract: FileContract, frame: pd.DataFrame) -> list[Problem]:
    keys = contract.key.split("+")
    if any(k not in frame.columns for k in keys):
        return []
    # " C-1" and "c-1" are the same id to a reader, so they count as duplicates too.
    normalised = frame[keys].apply(lambda s: columns.strip(s).str.upper())
    if len(keys) == 1 and columns.is_sorted(normalised[keys[0]]):
        # Sorted ids (the usual case): a repeat sits right after its first occurrence.
        text = columns.arrow(normalised[keys[0]])
        dup = np.r_[False, np.asarray(pc.equal(text[1:], text[:-1]), dtype=bool)]
    else:
        dup = normalised.duplicated(keep="first").to_numpy(dtype=bool)
    rows = frame[dup & (normalised[keys[0]] != "").to_numpy(dtype=bool)]
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
    if {"period_start", "as_of_date"} <= cols:
        out += _date_order(
            contract, frame, "period_start", "as_of_date", "period starts after the figure's date"
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
    start = dates.first_day(frame[early].str.strip())
    end = dates.last_day(frame[late].str.strip())
    return _report(contract, frame, contract.column(early), start > end, reason)


def whole_numbers(values: pd.Series, digits: pd.Series) -> np.ndarray:
    """The number in each all-digit value (others 0); beyond int64 counts as infinite."""
    text = columns.arrow(values)
    length = np.asarray(pc.utf8_length(text))
    digits = digits.to_numpy(dtype=bool)
    fits = digits & (length <= 18)
    numbers = np.asarray(pc.cast(pc.if_else(pa.array(fits), text, "0"), pa.int64()))
    return np.where(digits & ~fits, np.inf, numbers.astype(float))


def check_references(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every cited source exists; every source is cited; every stage belongs to a case."""
    sources = frames.get(SOURCES.name)
    if sources is None or "source_id" not in sources.columns:
        return []
    source_ids = sources["source_id"].str.strip()
    citing = []
    for contract in FILES:
        frame = frames.get(contract.name)
        if frame is None or "source_ids" not in frame.columns or frame.empty:
            continue
        rows, sids = _cited(frame["source_ids"])
        citing.append((contract, frame, rows, sids))
    # One dictionary over the known and the cited ids (one hash pass); the rest is numpy.
    everything = pa.concat_arrays(
        [_combined(columns.arrow(source_ids))] + [_combined(sids) for *_, sids in citing]
    ).dictionary_encode()
    codes = np.asarray(everything.indices)
    known_codes, cited_codes = codes[: len(source_ids)], codes[len(source_ids) :]
    is_known = np.zeros(len(everything.dictionary), dtype=bool)
    is_known[known_codes] = True
    is_cited = np.zeros(len(everything.dictionary), dtype=bool)
    is_cited[cited_codes] = True
    out: list[Problem] = []
    offset = 0
    for contract, frame, rows, sids in citing:
        missing = ~is_known[cited_codes[offset : offset + len(sids)]]
        offset += len(sids)
        key = contract.key.split("+")[0]
        at = rows[missing]
        if not len(at):
            continue
        out += [
            Problem(
                contract.name,
                int(r),
                "source_ids",
                f"cites source '{sid}' that is not in sources.csv",
                record_id=str(i),
            )
            for r, sid, i in zip(
                frame["__row__"].iloc[at],
                sids.filter(pa.array(missing)).to_pylist(),
                frame[key].iloc[at],
                strict=True,
            )
        ]
    orphans = sources[~is_cited[known_codes] & (source_ids != "").to_numpy(dtype=bool)]
    out += [
        Problem(
            SOURCES.name,
            int(row),
            "source_id",
            "source is cited by no record: cite it or remove it",
            record_id=sid,
        )
        for row, sid in zip(orphans.get("__row__", []), orphans["source_id"], strict=False)
    ]
    cases, stages = frames.get("cases.csv"), frames.get("case_stages.csv")
    if (
        cases is not None
        and stages is not None
        and not stages.empty
        and "case_id" in stages.columns
        and "case_id" in cases.columns
    ):
        lost = stages[~columns.isin(stages["case_id"], columns.arrow(cases["case_id"]))]
        out += [
            Problem(
                "case_stages.csv",
                int(row),
                "case_id",
                f"case '{case_id}' is not in cases.csv",
            )
            for row, case_id in zip(lost["__row__"], lost["case_id"], strict=True)
        ]
    return out


def check_foreign_keys(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every value of a column that references another file (Column.references) names a key
    of that file, e.g. each source's outlet_id is in outlets.csv. Checked only when both
    files were read: a file validated alone cannot know the other's keys."""
    out: list[Problem] = []
    for contract in FILES:
        frame = frames.get(contract.name)
        for col in contract.columns:
            target = frames.get(col.references or "")
            if frame is None or target is None or col.name not in frame.columns:
                continue
            key = next(f.key for f in FILES if f.name == col.references)
            known = columns.arrow(columns.strip(target[key])) if key in target.columns else []
            values = columns.strip(frame[col.name])
            missing = (values != "") & ~columns.isin(values, known)
            out += _report(contract, frame, col, missing, f"not in {col.references}", values)
    return out


def _combined(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks() if values.num_chunks else pa.array([], values.type)
    return values


def _cited(source_ids: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """(position of the citing row, source id) for every non-empty id in every list."""
    lists = pc.split_pattern(columns.arrow(source_ids), ";")
    rows = np.asarray(pc.list_parent_indices(lists))
    sids = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    keep = pc.not_equal(sids, "")
    return rows[np.asarray(keep)], sids.filter(keep)


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
            "start": dates.first_day(dated["stage_date"].str.strip()),
            "end": dates.last_day(dated["stage_date"].str.strip()),
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
