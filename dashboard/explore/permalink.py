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
from dataclasses import dataclass, field, make_dataclass, replace
from urllib.parse import urlencode

from etl import facets, ids
from etl.facets import BY_PARAM, FACETS, Facet

# The code lists a URL may name (etl/facets.py), as the sidebar and the tests read them here.
BANDS, COUNTRIES, RECORD_TYPES = facets.BANDS, facets.COUNTRIES, facets.TYPE_NAMES
VERIFICATIONS = BY_PARAM["verification"].allowed
# Dates before independence (1991) or after this century are typing errors, not filters.
FIRST_YEAR, LAST_YEAR = 1991, 2099
SORTS = ("date_desc", "date_asc", "country", "sources_desc", "id")
DEFAULT_SORT = "date_desc"
PREFIXES = "".join(r.prefix for r in facets.RECORD_TYPES)
# The refresh's own id rule (etl/ids.py): every published record id opens here.
RECORD_ID = re.compile(rf"^{ids.id_pattern(PREFIXES)}$")
MAX_QUERY = 200
MAX_TERMS = 8
MAX_IDS = 500
# Bounds on the work one address can cause (issue #16: four 500 KB links slowed every other
# reader; one 24 KB link drew 8,000 warnings). A longer value is cut, and at most MAX_NOTES
# notes are shown, then one that counts the rest.
MAX_PARAM_CHARS = 8 * 1024
MAX_NOTES = 5
SHOWN_VALUE = 60  # a note quotes at most this much of a bad value
# Parameters the app itself reads (app.py's ?lang=) or Streamlit adds; never "unknown".
PASS_THROUGH = ("lang", "embed", "embed_options")

# URL parameter -> (Filters field, allowed values) of every facet with a fixed code list.
LIST_PARAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    f.param: (f.field, f.allowed) for f in FACETS if f.kind == "codes"
}
# A written link's parameters, in this order: every facet's, then the order and the open record.
PARAM_ORDER = (*(f.param for f in FACETS), "sort", "id")
# Each kind of facet's Filters field: its type and its empty value.
FIELD_TYPES = {
    "codes": (tuple[str, ...], ()),
    "tags": (tuple[str, ...], ()),
    "ids": (tuple[str, ...], ()),
    "from": (dt.date | None, None),
    "to": (dt.date | None, None),
    "text": (str, ""),
}


class _View:
    def active(self) -> bool:
        """True when anything narrows the records (sorting and the open record do not)."""
        narrowing = replace(self, sort=DEFAULT_SORT, record="")
        return narrowing != Filters()


# One explorer view: what to show (a field per facet), in which order, which record is open.
# Built from the facets so that a new facet is a new field with no edit here.
Filters = make_dataclass(
    "Filters",
    [
        *((f.field, FIELD_TYPES[f.kind][0], field(default=FIELD_TYPES[f.kind][1])) for f in FACETS),
        ("sort", str, field(default=DEFAULT_SORT)),
        ("record", str, field(default="")),  # the record whose detail is open (?id=)
    ],
    bases=(_View,),
    frozen=True,
)
Filters.__module__ = __name__  # pickled by Streamlit's cache: found again by module and name
Filters.__doc__ = (
    "One explorer view: what to show (filters), in which order, and which record is open."
)


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
        items = _bounded(name, [raw] if isinstance(raw, str) else list(raw), notes)
        facet = BY_PARAM.get(name)
        if facet is not None:
            value = _read(facet, items, notes)
            if value is not None:
                values[facet.field] = value
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
    if len(notes) > MAX_NOTES:
        notes = [*notes[:MAX_NOTES], Note("more_notes", "", str(len(notes) - MAX_NOTES))]
    return Parsed(filters, notes)


def _bounded(name: str, items: list, notes: list[Note]) -> list[str]:
    """The parameter's values, cut to MAX_PARAM_CHARS in all (one note says so)."""
    kept: list[str] = []
    budget = MAX_PARAM_CHARS
    for item in items:
        text = str(item)
        if len(text) > budget:
            kept.append(text[:budget])
            notes.append(Note("param_too_long", _shown(name), str(MAX_PARAM_CHARS)))
            break
        kept.append(text)
        budget -= len(text)
    return kept


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
    facet = BY_PARAM.get(name)
    if facet is None:
        return {"sort": "" if filters.sort == DEFAULT_SORT else filters.sort, "id": filters.record}[
            name
        ]
    value = getattr(filters, facet.field)
    match facet.kind:
        case "codes":
            chosen = set(value)
            return ",".join(v for v in facet.allowed if v in chosen)
        case "tags" | "ids":
            return ",".join(sorted(set(value)))
        case "from" | "to":
            return value.isoformat() if value else ""
        case "text":
            return value.strip()
    raise KeyError(name)


def _read(facet: Facet, items: list[str], notes: list[Note]):
    """One facet's valid values from a URL's items (None: nothing to set)."""
    match facet.kind:
        case "codes":
            return _codes(facet.param, items, facet.allowed, notes)
        case "tags":
            return _tags(facet, items, notes)
        case "ids":
            return _ids(items, notes)
        case "from" | "to":
            return _date(facet.param, _last(items), notes, first=facet.kind == "from")
        case "text":
            return _query(_last(items), notes)
    raise KeyError(facet.kind)


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


def _tags(facet: Facet, items, notes: list[Note]) -> tuple[str, ...]:
    """Codes matching the facet's pattern (upper- or lower-cased as the facet says, inner spaces
    collapsed), or 'none'."""
    kept: dict[str, None] = {}  # insertion-ordered set: one lookup per value, never a scan
    for part in _split(items):
        tag = re.sub(r"\s+", " ", part).strip()
        tag = "none" if tag.lower() == "none" else tag.upper() if facet.upper else tag.lower()
        if (tag == "none" or re.fullmatch(facet.pattern, tag)) and tag not in kept:
            kept[tag] = None
        elif tag not in kept:
            notes.append(Note("bad_value", facet.param, _shown(part)))
    return tuple(kept)


def _ids(items, notes: list[Note]) -> tuple[str, ...]:
    found: dict[str, None] = {}  # insertion-ordered set: linear in the link's length
    for part in _split(items):
        record = part.upper()
        if not RECORD_ID.match(record):
            notes.append(Note("bad_value", "ids", _shown(part)))
        else:
            found[record] = None
    kept = list(found)
    if len(kept) > MAX_IDS:
        notes.append(Note("too_many", "ids", str(len(kept))))
        kept = kept[:MAX_IDS]
    return tuple(kept)


def _date(name: str, raw: str, notes: list[Note], first: bool) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; a range's start (`first`) takes the first day of a period,
    its end the last."""
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
            return dt.date(year, int(month), 1 if first else last)
        return dt.date(year, 1, 1) if first else dt.date(year, 12, 31)
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
