"""The explorer's URL: parse query parameters into a validated view, and write a view back.

Pure functions, no Streamlit, so every rule is unit-tested. A shared link must reopen the
same records, so every filter lives in the query string, e.g.
    /explore?type=cases&country=UZB,KGZ&from=2023-01-01&to=2024-12-31&q=wagner
Anything we cannot use is dropped with a Note the page shows; nothing here ever raises.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from etl.contract import (
    ARMED_GROUPS,
    CENTRAL_ASIA,
    CHANNELS,
    CONTEXT_COUNTRIES,
    INCIDENT_TYPES,
    SENTENCE_TYPES,
    SIDES,
    VERIFICATION,
)
from etl.explore_records import BANDS  # stored per case by the refresh; re-exported here

RECORD_TYPES = ("cases", "incidents", "claims")
# 'several': incidents and claims that concern more than one country (country left empty).
COUNTRIES = (*CENTRAL_ASIA, *CONTEXT_COUNTRIES, "several")
VERIFICATIONS = tuple(VERIFICATION)
# Dates before independence (1991) or after this century are typing errors, not filters.
FIRST_YEAR, LAST_YEAR = 1991, 2099
SORTS = ("date_desc", "date_asc", "country", "sources_desc", "id")
DEFAULT_SORT = "date_desc"
# Base article without its part: 'UZB CC 154(1)' is searched as 'UZB CC 154'; 'none' = not reported.
ARTICLE = re.compile(r"^[A-Z]{3} CC \d+(?:-\d+)?$")
RECORD_ID = re.compile(r"^[CIF]-\d{1,6}$")
MAX_QUERY = 200
MAX_TERMS = 8
MAX_IDS = 500
SHOWN_VALUE = 60  # a note quotes at most this much of a bad value
# Parameters the app itself reads (app.py's ?lang=) or Streamlit adds; never "unknown".
PASS_THROUGH = ("lang", "embed", "embed_options")

# URL parameter -> (Filters field, allowed values); one place for every list facet.
LIST_PARAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "type": ("types", RECORD_TYPES),
    "country": ("countries", COUNTRIES),
    "side": ("sides", tuple(SIDES)),
    "group": ("groups", tuple(ARMED_GROUPS)),
    "channel": ("channels", tuple(CHANNELS)),
    "sentence": ("sentences", tuple(SENTENCE_TYPES)),
    "band": ("bands", tuple(BANDS)),
    "verification": ("verifications", VERIFICATIONS),
    "kind": ("kinds", tuple(INCIDENT_TYPES)),
}
PARAM_ORDER = (
    "type",
    "country",
    "from",
    "to",
    "q",
    "side",
    "group",
    "channel",
    "sentence",
    "band",
    "article",
    "verification",
    "kind",
    "ids",
    "sort",
    "id",
)


@dataclass(frozen=True)
class Filters:
    """One explorer view: what to show (filters), in which order, and which record is open."""

    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    sides: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    verifications: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    sort: str = DEFAULT_SORT
    record: str = ""  # the record whose detail is open (?id=)

    def active(self) -> bool:
        """True when anything narrows the records (sorting and the open record do not)."""
        narrowing = replace(self, sort=DEFAULT_SORT, record="")
        return narrowing != Filters()


@dataclass(frozen=True)
class Note:
    """Why part of a URL was ignored; `kind` picks the message, the rest fills it in."""

    kind: str  # unknown_param | bad_value | bad_date | swapped_dates | too_long | too_many
    param: str
    value: str = ""


@dataclass
class Parsed:
    filters: Filters
    notes: list[Note] = field(default_factory=list)


def parse(params: Mapping[str, str | Iterable[str]]) -> Parsed:
    """Validate every parameter; keep what is valid, drop the rest with a Note.

    `params` maps a name to a value or to repeated values (?country=UZB&country=KGZ);
    each value may also be comma-separated (?country=UZB,KGZ). Codes are matched
    case-insensitively.
    """
    notes: list[Note] = []
    values: dict[str, object] = {}
    for name, raw in params.items():
        items = [raw] if isinstance(raw, str) else list(raw)
        if name in LIST_PARAMS:
            attr, allowed = LIST_PARAMS[name]
            values[attr] = _codes(name, items, allowed, notes)
        elif name == "article":
            values["articles"] = _articles(items, notes)
        elif name == "ids":
            values["ids"] = _ids(items, notes)
        elif name in ("from", "to"):
            day = _date(name, _last(items), notes)
            if day is not None:
                values["date_from" if name == "from" else "date_to"] = day
        elif name == "q":
            values["q"] = _query(_last(items), notes)
        elif name == "sort":
            sort = _last(items).strip()
            if sort.lower() in SORTS:
                values["sort"] = sort.lower()
            elif sort:
                notes.append(Note("bad_value", name, _shown(sort)))
        elif name == "id":
            record = _last(items).strip()
            if RECORD_ID.match(record.upper()):
                values["record"] = record.upper()
            elif record:
                notes.append(Note("bad_value", name, _shown(record)))
        elif name not in PASS_THROUGH:
            notes.append(Note("unknown_param", _shown(name)))
    filters = Filters(**values)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        notes.append(Note("swapped_dates", "from"))
        filters = replace(filters, date_from=filters.date_to, date_to=filters.date_from)
    return Parsed(filters, notes)


def to_params(filters: Filters) -> dict[str, str]:
    """The shortest query parameters that reopen this view, in a fixed order (stable links)."""
    out: dict[str, str] = {}
    for name in PARAM_ORDER:
        value = _param_value(filters, name)
        if value:
            out[name] = value
    return out


def to_query(filters: Filters) -> str:
    """The query string, URL-encoded with commas kept readable: type=cases&country=UZB,KGZ."""
    return urlencode(to_params(filters), safe=",")


def search_terms(q: str) -> list[str]:
    """Words of a search, each required; "double quotes" keep a phrase together.

    Lower-cased here and in SQL alike; at most MAX_TERMS terms (parse() notes the rest).
    """
    return _all_terms(q)[:MAX_TERMS]


def _all_terms(q: str) -> list[str]:
    terms = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', q)]
    terms = [" ".join(t.lower().split()) for t in terms if t.strip().strip('"')]
    return list(dict.fromkeys(terms))


def period_bounds(start: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """First and last day of the year or quarter that starts on `start` (for drill-downs)."""
    if period == "quarter":
        first_month = 3 * ((start.month - 1) // 3) + 1
        last_month = first_month + 2
        return (
            dt.date(start.year, first_month, 1),
            dt.date(start.year, last_month, calendar.monthrange(start.year, last_month)[1]),
        )
    return dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)


def _param_value(filters: Filters, name: str) -> str:
    if name in LIST_PARAMS:
        attr, allowed = LIST_PARAMS[name]
        chosen = set(getattr(filters, attr))
        return ",".join(v for v in allowed if v in chosen)
    match name:
        case "article":
            return ",".join(sorted(set(filters.articles)))
        case "ids":
            return ",".join(sorted(set(filters.ids)))
        case "from":
            return filters.date_from.isoformat() if filters.date_from else ""
        case "to":
            return filters.date_to.isoformat() if filters.date_to else ""
        case "q":
            return filters.q.strip()
        case "sort":
            return "" if filters.sort == DEFAULT_SORT else filters.sort
        case "id":
            return filters.record
    raise KeyError(name)


def _split(items: Iterable[str]) -> list[str]:
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def _codes(name: str, items, allowed: tuple[str, ...], notes: list[Note]) -> tuple[str, ...]:
    by_lower = {a.lower(): a for a in allowed}
    kept: list[str] = []
    for part in _split(items):
        code = by_lower.get(part.lower())
        if code is None:
            notes.append(Note("bad_value", name, _shown(part)))
        elif code not in kept:
            kept.append(code)
    return tuple(kept)


def _articles(items, notes: list[Note]) -> tuple[str, ...]:
    kept: list[str] = []
    for part in _split(items):
        article = re.sub(r"\s+", " ", part).strip()
        article = "none" if article.lower() == "none" else article.upper()
        if (article == "none" or ARTICLE.match(article)) and article not in kept:
            kept.append(article)
        elif article not in kept:
            notes.append(Note("bad_value", "article", _shown(part)))
    return tuple(kept)


def _ids(items, notes: list[Note]) -> tuple[str, ...]:
    kept: list[str] = []
    for part in _split(items):
        record = part.upper()
        if not RECORD_ID.match(record):
            notes.append(Note("bad_value", "ids", _shown(part)))
        elif record not in kept:
            kept.append(record)
    if len(kept) > MAX_IDS:
        notes.append(Note("too_many", "ids", str(len(kept))))
        kept = kept[:MAX_IDS]
    return tuple(kept)


def _date(name: str, raw: str, notes: list[Note]) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; 'from' takes the first day of a period, 'to' the last."""
    raw = raw.strip()
    if not raw:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", raw)
    try:
        if not m:
            raise ValueError(raw)
        year, month, day = int(m[1]), m[2], m[3]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(raw)
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return dt.date(year, int(month), 1 if name == "from" else last)
        return dt.date(year, 1, 1) if name == "from" else dt.date(year, 12, 31)
    except (ValueError, calendar.IllegalMonthError):
        notes.append(Note("bad_date", name, _shown(raw)))
        return None


def _query(raw: str, notes: list[Note]) -> str:
    q = " ".join(raw.split())
    if len(q) > MAX_QUERY:
        notes.append(Note("too_long", "q", str(MAX_QUERY)))
        q = q[:MAX_QUERY]
    if len(_all_terms(q)) > MAX_TERMS:
        notes.append(Note("too_many", "q", str(MAX_TERMS)))
    return q


def _last(items: list[str]) -> str:
    """A single-valued parameter given twice: the last one wins, as in a browser form."""
    return str(items[-1]) if items else ""


def _shown(value: str) -> str:
    value = str(value).replace("\n", " ")
    return value if len(value) <= SHOWN_VALUE else value[: SHOWN_VALUE - 1] + "…"


# Overview chart key -> what one clicked bar or point means, as explorer URL parameters.
# customdata carries the codes (dashboard/charts/overview.py); x is a period's first day.
DRILLDOWN_CHARTS = (
    "cases-by-country",
    "cases-over-time",
    "sentence-lengths",
    "sentence-types",
    "incidents-by-type",
)


def drilldown(chart: str, point: Mapping, period: str = "year") -> Filters | None:
    """The explorer view holding exactly the records behind one bar or point, or None.

    Codes are validated like a URL's: a point whose codes we do not know opens nothing
    rather than a wider view than the reader clicked.
    """
    data = point.get("customdata")
    data = [data] if isinstance(data, str) else list(data or [])
    if not data:
        return None
    match chart:
        case "cases-by-country":
            params = {"type": "cases", "country": data[0]}
        case "cases-over-time":
            try:
                start = dt.date.fromisoformat(str(point.get("x", ""))[:10])
            except ValueError:
                return None
            first, last = period_bounds(start, period)
            params = {
                "type": "cases",
                "country": data[0],
                "from": first.isoformat(),
                "to": last.isoformat(),
            }
        case "sentence-lengths":
            params = {"ids": data[0], "id": data[0]}
        case "sentence-types" if len(data) > 1:
            params = {"type": "cases", "country": data[0], "sentence": data[1]}
        case "incidents-by-type" if len(data) > 1:
            params = {"type": "incidents", "country": data[0], "kind": data[1]}
        case _:
            return None
    if any("," in str(v) for v in params.values()):
        return None
    parsed = parse(params)
    return None if parsed.notes else parsed.filters
