"""The explorer's vocabulary, declared once: its record types and its facets (filters).

Everything that knows a filter iterates FACETS: the URL parser and its Filters
(dashboard/explore/permalink.py), the SQL builder (dashboard/queries/explore.py), the stored
facet counts (explore_facets, etl/explore_records.py), the sidebar (dashboard/views/explore.py),
the README's filter list and the tests. A new filter on a column of explore_records is one
Facet below, its line in README.md and a row in the tests (issue #13: Datasette makes a new
column filterable with no code at all; this is as close as a curated sidebar gets).

Here rather than in dashboard/ because the refresh stores the counts (explore_facets) and
the dashboard already imports etl; this module imports nothing from either side but the
contract's code lists and the sentence bands (etl/macros.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.contract import (
    ARMED_GROUPS,
    CENTRAL_ASIA,
    CHANNELS,
    CONTEXT_COUNTRIES,
    INCIDENT_TYPES,
    ROLES,
    SENTENCE_TYPES,
    SIDES,
    VERIFICATION,
)

# Sentence length bands: stored per case by the macro sentence_band(), offered as codes here.
from etl.macros import BANDS


@dataclass(frozen=True)
class RecordType:
    """One kind of record the explorer lists: the URL's ?type= value and where it is stored."""

    name: str  # ?type=cases; explore_records.record_type
    table: str  # the published table holding its full rows
    key: str  # that table's id column
    links: str  # its record -> source link table
    prefix: str  # first letter of its ids (C-0001)


RECORD_TYPES = (
    RecordType("cases", "cases", "case_id", "case_sources", "C"),
    RecordType("incidents", "incidents", "incident_id", "incident_sources", "I"),
    RecordType("claims", "claims", "claim_id", "claim_sources", "F"),
)
TYPE_NAMES = tuple(r.name for r in RECORD_TYPES)
ALL_TYPES = TYPE_NAMES

# 'several': incidents and claims that concern more than one country (country left empty).
COUNTRIES = (*CENTRAL_ASIA, *CONTEXT_COUNTRIES, "several")

# How a facet filters, which also fixes its Filters field's type:
#   codes  one of a fixed list of codes, tested against a plain column     tuple of codes
#   tags   codes of a pattern, tested against a list column (any matches)  tuple of codes
#   from / to   the first / last day of records' dates (one side of a range)  date or None
#   text   every search term must appear in the search key                  str
#   ids    exactly these records (a chart selection)                        tuple of ids
KINDS = ("codes", "tags", "from", "to", "text", "ids")
# Where the sidebar offers a facet: as pills on top, in its first block, folded under "more",
# or "" when the page lays it out itself (dates side by side, the search box, picked ids).
PLACES = ("pills", "main", "more", "")


@dataclass(frozen=True)
class Facet:
    """One explorer filter: its URL parameter, what it tests, how it is shown and counted."""

    param: str  # URL parameter: ?country=UZB
    field: str  # attribute of the explorer's Filters
    kind: str  # one of KINDS
    column: str  # column of explore_records it tests
    label: str  # locale key of its heading
    codes: str = ""  # label group of its values (dashboard.i18n.label); codes and tags only
    allowed: tuple[str, ...] = ()  # codes: every value a URL may name, in the order shown
    counted: bool = False  # records are counted per value (explore_facets, sidebar numbers)
    types: tuple[str, ...] = ALL_TYPES  # record types that fill its column
    place: str = ""  # one of PLACES
    pattern: str = ""  # tags: the regular expression a value must match (besides 'none')
    upper: bool = True  # tags: values read upper-cased (articles); False: lower-cased (outlets)

    def __post_init__(self) -> None:
        assert self.kind in KINDS and self.place in PLACES, self
        assert self.kind != "codes" or self.allowed, f"{self.param}: codes need allowed values"
        assert set(self.types) <= set(TYPE_NAMES), self
        assert self.kind != "tags" or self.pattern, f"{self.param}: tags need a pattern"


CASES = ("cases",)
# In the order the sidebar shows them, which is also the order of a written link's parameters.
FACETS = (
    Facet(
        "type", "types", "codes", "record_type", "explore.filter.type", "record_type_plural",
        TYPE_NAMES, counted=True, place="pills",
    ),
    Facet(
        "country", "countries", "codes", "country", "explore.filter.country", "country",
        COUNTRIES, counted=True, place="main",
    ),
    Facet("from", "date_from", "from", "record_date", "explore.filter.from"),
    Facet("to", "date_to", "to", "record_date", "explore.filter.to"),
    Facet("q", "q", "text", "search_key", "explore.filter.q"),
    Facet(
        "sentence", "sentences", "codes", "sentence_type", "explore.filter.sentence",
        "sentence_type", tuple(SENTENCE_TYPES), counted=True, types=CASES, place="more",
    ),
    Facet(
        "band", "bands", "codes", "sentence_band", "explore.filter.band", "sentence_band",
        tuple(BANDS), counted=True, types=CASES, place="more",
    ),
    Facet(
        "article", "articles", "tags", "articles", "explore.filter.article", "articles",
        counted=True, types=CASES, place="more",
        # Base article without its part: 'UZB CC 154(1)' is searched as 'UZB CC 154'.
        pattern=r"[A-Z]{3} CC \d+(?:-\d+)?",
    ),
    Facet(
        "role", "roles", "codes", "role", "explore.field.role", "role", tuple(ROLES),
        counted=True, types=CASES, place="more",
    ),
    Facet(
        "side", "sides", "codes", "side", "explore.filter.side", "side",
        tuple(SIDES), counted=True, types=("cases", "incidents"), place="more",
    ),
    Facet(
        "group", "groups", "codes", "armed_group", "explore.filter.group", "armed_group",
        tuple(ARMED_GROUPS), counted=True, types=("cases", "incidents"), place="more",
    ),
    Facet(
        "channel", "channels", "codes", "recruitment_channel", "explore.filter.channel",
        "recruitment_channel", tuple(CHANNELS), counted=True,
        types=("cases", "incidents"), place="more",
    ),
    Facet(
        "kind", "kinds", "codes", "incident_type", "explore.filter.kind", "incident_type",
        tuple(INCIDENT_TYPES), counted=True, types=("incidents",), place="more",
    ),
    Facet(
        "verification", "verifications", "codes", "verification", "explore.filter.verification",
        "verification", tuple(VERIFICATION), counted=True,
        types=("cases", "incidents"), place="more",
    ),
    # Issue #12: the outlets a record cites (outlets.csv ids) and their kinds; names and kind
    # labels as the sidebar shows them come from the registry and codes.json (`kind.*`).
    Facet(
        "outlet", "outlets", "tags", "outlets", "explore.filter.outlet", "outlet",
        counted=True, place="more", pattern=r"[a-z0-9][a-z0-9._\-]{0,63}", upper=False,
    ),
    Facet(
        "outlet_kind", "outlet_kinds", "tags", "outlet_kinds", "explore.filter.outlet_kind",
        "kind", counted=True, place="more", pattern=r"[a-z_]+", upper=False,
    ),
    Facet("ids", "ids", "ids", "record_id", "explore.filter.ids"),
)  # fmt: skip
BY_PARAM = {f.param: f for f in FACETS}
BY_FIELD = {f.field: f for f in FACETS}
COUNTED = tuple(f for f in FACETS if f.counted)
# Columns of explore_records whose values are counted: explore_facets' `facet` column.
COUNTED_COLUMNS = tuple(f.column for f in COUNTED)
# List columns (counted per element, filtered by overlap).
TAG_COLUMNS = tuple(f.column for f in FACETS if f.kind == "tags")


def facets_for(record_type: str) -> tuple[Facet, ...]:
    """The facets that can narrow records of one type (the others leave it out entirely)."""
    return tuple(f for f in FACETS if record_type in f.types)
