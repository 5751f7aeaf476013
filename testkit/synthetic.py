"""Synthetic scale data: a valid dataset of any size, generated at run time (never into data/).

Every value is made up and labelled as such: publisher 'SYNTHETIC BENCHMARK DATA', summaries
that start with 'SYNTHETIC', URLs on example.org / example.com / example.net (reserved for
documentation, RFC 2606). The shapes follow the real data in data/ (research pass 1, 46 cases):

- countries: cases mostly Uzbek (31 of 46), then Kazakh and Kyrgyz; incidents mostly Kyrgyz;
- dates: a thin tail from 2014 (Donbas), most from 2022 on and rising; partial dates
  (month, year) and undated verdicts as common as in the real files;
- sentences: prison terms around 3-7 years, restriction of freedom 2-5 years, none for
  pending cases, acquittals and fines;
- sources: 1-5 per record (mean about 2), a source sometimes cited by two records, every
  source cited (an uncited source is an error).

Volumes per case (assumed, not measured: the real ratios are too small to extrapolate):
1.25 incidents, 0.1 claims, 0.2 earlier case stages, a few dozen laws.

Generation is vectorised (numpy + pyarrow compute): 1M cases (6.3M rows, 1.4 GB) in about
half a minute on two cores, most of it writing the CSV files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.contract import (
    CASE_STAGES,
    CASES,
    CHANNELS,
    CLAIMANT_TYPES,
    CLAIMS,
    INCIDENTS,
    LAWS,
    METRICS,
    QUALIFIERS,
    SOURCES,
    VERIFICATION,
)
from etl.contract import (
    OUTLETS as OUTLETS_FILE,
)

PUBLISHER = "SYNTHETIC BENCHMARK DATA"
LABEL = "SYNTHETIC"
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}

INCIDENTS_PER_CASE = 1.25
CLAIMS_PER_CASE = 0.1
STAGES_PER_CASE = 0.2
# Dates start with the Donbas war; the validator rejects anything earlier.
FIRST_DAY = dt.date(2014, 4, 1)
FULL_SCALE = dt.date(2022, 2, 24)

CASE_COUNTRIES = {"UZB": 0.62, "KAZ": 0.2, "KGZ": 0.13, "TJK": 0.04, "TKM": 0.01}
INCIDENT_COUNTRIES = {"KGZ": 0.4, "TJK": 0.17, "KAZ": 0.13, "UZB": 0.12, "TKM": 0.08, "": 0.1}
LOCATIONS = {
    "RUS": 0.33,
    "UKR": 0.27,
    "KAZ": 0.09,
    "TJK": 0.09,
    "UZB": 0.08,
    "KGZ": 0.08,
    "TKM": 0.06,
}
ARTICLES = {
    "UZB": "UZB CC 154(1)",
    "KAZ": "KAZ CC 172(2)",
    "KGZ": "KGZ CC 416(2)",
    "TJK": "TJK CC 401(2)",
    "TKM": "TKM CC 166",
}
REGIONS = {
    "UZB": ["Tashkent", "Samarkand Region", "Fergana Region", "Andijan Region", "Navoi Region"],
    "KAZ": ["Almaty", "Astana", "Karaganda Region", "Aktobe Region", "Kostanay Region"],
    "KGZ": ["Bishkek", "Osh Region", "Chui Region", "Jalal-Abad Region"],
    "TJK": ["Dushanbe", "Sughd Region", "Khatlon Region"],
    "TKM": ["Ashgabat", "Lebap Region"],
}
# (sentence type, share, median months, spread) - lengths as in the real verdicts.
SENTENCES = [
    ("prison", 0.55, 60, 0.35),
    ("restricted_freedom", 0.18, 42, 0.25),
    ("suspended", 0.06, 30, 0.3),
    ("probation", 0.03, 24, 0.3),
    ("correctional_labour", 0.02, 12, 0.4),
    ("fine", 0.02, 0, 0),
    ("acquitted", 0.01, 0, 0),
    ("pending", 0.09, 0, 0),
    ("unknown", 0.03, 0, 0),
    ("other", 0.01, 0, 0),
]
ROLES = {"fighter": 0.84, "recruiter": 0.09, "attempted": 0.02, "other": 0.05}
STAGES = {"verdict": 0.82, "charged": 0.09, "appeal": 0.07, "retrial": 0.01, "annulled": 0.01}
SIDES = {"russia": 0.95, "ukraine": 0.025, "unknown": 0.025}
GROUPS = {"russian_armed_forces": 0.65, "wagner": 0.15, "dnr_lnr": 0.13, "unknown": 0.05}
GROUPS |= {"ukrainian_armed_forces": 0.015, "international_legion": 0.005, "other": 0.0}
CASE_CHANNELS = {"unknown": 0.37, "prison": 0.2, "migrant_detention": 0.15}
CASE_CHANNELS |= {"personal_contact": 0.09, "enlistment_office": 0.07, "other": 0.06}
CASE_CHANNELS |= {"online_ad": 0.04, "workplace": 0.02}
CASE_VERIFICATION = {"court_document": 0.48, "reputable_outlet": 0.41}
CASE_VERIFICATION |= {"official_statement": 0.09, "single_source": 0.02}
INCIDENT_TYPE_SHARES = {"other": 0.29, "death_reported": 0.24, "official_warning": 0.22}
INCIDENT_TYPE_SHARES |= {"prison_recruitment": 0.07, "captured_pow": 0.05, "online_ad": 0.04}
INCIDENT_TYPE_SHARES |= {"citizenship_offer": 0.03, "recruiter_prosecuted": 0.03}
INCIDENT_TYPE_SHARES |= {"intelligence_report": 0.02, "migrant_raid": 0.01}
INITIALS = ["A.B.", "M.Ye.", "Ye.Shch.", "T.R.", "A.Kh.", "N.S.", "A.Sh.", "Zh.K.", "D.O."]
OUTLETS = ["fergana", "azattyk", "24kg", "asiaplus", "kun", "gazeta", "vlast", "mediazona"]
OUTLET_SHARES = [0.3, 0.2, 0.12, 0.1, 0.1, 0.08, 0.06, 0.04]
RESERVED_DOMAINS = ["example.org", "example.com", "example.net"]
LANGUAGES = {"en": 0.37, "ru": 0.28, "ky": 0.08, "uz": 0.07, "kk": 0.05, "tg": 0.05}
LANGUAGES |= {"tk": 0.04, "uk": 0.04, "fr": 0.02}
# Sources cited per record: 1 to 5, mean about 2 (the real cases cite 2.6, incidents fewer).
SOURCES_PER_RECORD = {1: 0.42, 2: 0.33, 3: 0.15, 4: 0.06, 5: 0.04}
# Share of citations that reuse a source another record cites (agency copies, round-ups).
SHARED_CITATIONS = 0.25
CSV_OPTIONS = pacsv.WriteOptions(quoting_style="needed")


@dataclass(frozen=True)
class Counts:
    cases: int
    incidents: int
    claims: int
    case_stages: int
    laws: int
    sources: int

    @property
    def rows(self) -> int:
        return sum(vars(self).values())


def write(
    folder: Path, n_cases: int, seed: int = 20_260_101, today: dt.date | None = None
) -> Counts:
    """Write the seven contract files for n_cases cases into folder; return the row counts."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    last_day = (today or dt.date.today()) - dt.timedelta(days=45)
    n_incidents = round(n_cases * INCIDENTS_PER_CASE)
    n_claims = max(1, round(n_cases * CLAIMS_PER_CASE))
    n_stages = round(n_cases * STAGES_PER_CASE)
    n_laws = 17 + n_cases // 20_000
    per_record = [n_cases, n_stages, n_incidents, n_claims, n_laws]
    source_lists, n_sources = _source_lists(rng, sum(per_record))
    lists = np.split(source_lists, np.cumsum(per_record)[:-1])
    stages = _stages(rng, n_cases, n_stages, lists[1], last_day)
    tables = [
        (CASES, _agree(_cases(rng, n_cases, lists[0], last_day), stages)),
        (CASE_STAGES, stages),
        (INCIDENTS, _incidents(rng, n_incidents, lists[2], last_day)),
        (CLAIMS, _claims(rng, n_claims, lists[3], last_day)),
        (LAWS, _laws(rng, n_laws, lists[4])),
        (SOURCES, _sources(rng, n_sources, last_day)),
        (OUTLETS_FILE, _outlets()),
    ]
    for contract, columns in tables:
        table = pa.table({c: columns[c] for c in contract.column_names})
        pacsv.write_csv(table, folder / contract.name, CSV_OPTIONS)
    return Counts(n_cases, n_incidents, n_claims, n_stages, n_laws, n_sources)


# --- records -------------------------------------------------------------------------------


def _cases(rng, n: int, sources: np.ndarray, last_day: dt.date) -> dict:
    country = _choice(rng, CASE_COUNTRIES, n)
    stype_index = rng.choice(len(SENTENCES), n, p=_p([s[1] for s in SENTENCES]))
    stype = np.array([s[0] for s in SENTENCES], dtype=object)[stype_index]
    verdict_day = _event_days(rng, n, last_day)
    report_day = verdict_day + rng.integers(0, 30, n)
    verdict, report = (
        _precision(rng, verdict_day, 0.42, 0.3, 0.04),
        _precision(rng, report_day, 0.8, 0.15, 0.0),
    )
    undated_verdict = verdict == ""
    report = np.where(undated_verdict | (rng.random(n) < 0.5), report, "")
    region = _regions(rng, country)
    return {
        "case_id": _ids("C-", n),
        "country_iso3": country,
        "defendant_initials": _maybe(rng, _choice(rng, dict.fromkeys(INITIALS, 1), n), 0.7),
        "defendant_age": _maybe(rng, _ints(rng.normal(35, 9, n).clip(18, 70)), 0.7),
        "defendant_count": np.where(rng.random(n) < 0.97, "1", _ints(rng.integers(2, 8, n))),
        "role": _choice(rng, ROLES, n),
        "court": _maybe(rng, _join(region, " City Court"), 0.5),
        "region": _maybe(rng, region, 0.85),
        "verdict_date": verdict,
        "report_date": report,
        "charge_article": _maybe(rng, _lookup(ARTICLES, country), 0.4),
        "sentence_type": stype,
        "sentence_months": _months(rng, stype_index),
        "side": _choice(rng, SIDES, n),
        "armed_group": _choice(rng, GROUPS, n),
        "recruitment_channel": _choice(rng, CASE_CHANNELS, n),
        "stage": _choice(rng, STAGES, n),
        "verification": _choice(rng, CASE_VERIFICATION, n),
        "summary": _summaries(rng, n, "case", country),
        "source_ids": sources,
        "contradictions": _maybe(rng, np.full(n, f"{LABEL}: sources disagree on the term."), 0.03),
    }


def _agree(cases: dict, stages: dict) -> dict:
    """The cases' dates and stage as etl/case_dates.py requires: a case listed in the stages
    has its verdict row's date and stage 'verdict'; a dated verdict is never 'charged'; the
    latest stage's date is the verdict's where the verdict is the latest stage."""
    stage = cases["stage"].copy()
    verdict = cases["verdict_date"].copy()
    at = np.searchsorted(cases["case_id"], stages["case_id"])
    verdict[at] = stages["stage_date"]
    stage[at] = "verdict"
    stage[(stage == "charged") & (verdict != "")] = "verdict"
    latest = np.where(stage == "verdict", verdict, "").astype(object)
    return cases | {"stage": stage, "verdict_date": verdict, "latest_stage_date": latest}


def _stages(rng, n_cases: int, n: int, sources: np.ndarray, last_day: dt.date) -> dict:
    # One earlier stage for a random fifth of the cases keeps (case, stage, date) unique.
    case_numbers = np.sort(rng.choice(n_cases, n, replace=False)) + 1 if n else np.array([], int)
    stype_index = rng.choice(len(SENTENCES), n, p=_p([s[1] for s in SENTENCES]))
    return {
        "case_id": _ids("C-", n, case_numbers),
        "stage": np.full(n, "verdict", dtype=object),
        "stage_date": _precision(rng, _event_days(rng, n, last_day), 0.5, 0.3, 0.05),
        "court": np.full(n, "Synthetic Regional Court", dtype=object),
        "sentence_type": np.array([s[0] for s in SENTENCES], dtype=object)[stype_index],
        "sentence_months": _months(rng, stype_index),
        "summary": _summaries(rng, n, "stage", np.full(n, "", dtype=object)),
        "source_ids": sources,
    }


def _incidents(rng, n: int, sources: np.ndarray, last_day: dt.date) -> dict:
    country = _choice(rng, INCIDENT_COUNTRIES, n)
    event_day = _event_days(rng, n, last_day)
    # Reported the same day or within a month; partial dates only widen the window.
    report_day = event_day + rng.integers(0, 30, n)
    people = _maybe(rng, _ints(rng.lognormal(0.3, 1.0, n).clip(1, 5000)), 0.55)
    return {
        "incident_id": _ids("I-", n),
        "country_iso3": country,
        "location_iso3": _maybe(rng, _choice(rng, LOCATIONS, n), 0.9),
        "location": _maybe(rng, np.full(n, "Moscow", dtype=object), 0.4),
        "event_date": _precision(rng, event_day, 0.3, 0.35, 0.1),
        "report_date": _precision(rng, report_day, 0.75, 0.1, 0.0),
        "incident_type": _choice(rng, INCIDENT_TYPE_SHARES, n),
        "side": _choice(rng, SIDES, n),
        "armed_group": _choice(rng, GROUPS, n),
        "recruitment_channel": _maybe(
            rng, _choice(rng, dict.fromkeys(CHANNELS, 1) | {"unknown": 4, "prison": 3}, n), 0.67
        ),
        "people_count": people,
        "verification": _choice(rng, dict.fromkeys(VERIFICATION, 1), n),
        "summary": _summaries(rng, n, "incident", country),
        "source_ids": sources,
    }


def _claims(rng, n: int, sources: np.ndarray, last_day: dt.date) -> dict:
    day = _event_days(rng, n, last_day)
    return {
        "claim_id": _ids("F-", n),
        "country_iso3": _choice(rng, INCIDENT_COUNTRIES | {"RUS": 0.03, "UKR": 0.05}, n),
        "claimant": np.full(n, f"{LABEL} claimant", dtype=object),
        "claimant_type": _choice(rng, dict.fromkeys(CLAIMANT_TYPES, 1), n),
        "metric": _choice(rng, dict.fromkeys(METRICS, 1), n),
        "value": _ints(rng.lognormal(4, 2, n).clip(1, 1_000_000)),
        "value_qualifier": _choice(rng, dict.fromkeys(QUALIFIERS, 1), n),
        "as_of_date": _maybe(rng, _precision(rng, day, 0.5, 0.3, 0.1), 0.4),
        "report_date": _precision(rng, day + rng.integers(0, 30, n), 0.8, 0.2, 0.0),
        # No period and no series: a synthetic claim restates nothing.
        "period_start": np.full(n, "", dtype=object),
        "series_id": np.full(n, "", dtype=object),
        "summary": _summaries(rng, n, "claim", np.full(n, "", dtype=object)),
        "source_ids": sources,
    }


def _laws(rng, n: int, sources: np.ndarray) -> dict:
    country = _choice(rng, {c: 1 for c in (*ARTICLES, "RUS", "UKR")}, n)
    lo = rng.integers(0, 60, n)
    return {
        "law_id": _ids("L-", n),
        "country_iso3": country,
        "kind": _choice(rng, {"criminal_article": 0.6, "legal_change": 0.4}, n),
        "article": _join(country, " CC 154"),
        "title": np.full(n, f"{LABEL} law", dtype=object),
        "penalty_min_months": _ints(lo),
        "penalty_max_months": _ints(lo + rng.integers(0, 120, n)),
        "effective_date": _precision(rng, rng.integers(0, 3000, n), 1.0, 0.0, 0.0),
        "summary": _summaries(rng, n, "law", country),
        "source_ids": sources,
    }


def _outlets() -> dict:
    """One synthetic outlet per name the sources draw from, all independent media."""
    ids = np.array([f"synthetic-{o}" for o in OUTLETS], dtype=object)
    return {
        "outlet_id": ids,
        "name": np.array([f"{PUBLISHER} {o}" for o in OUTLETS], dtype=object),
        "parent": np.full(len(ids), "", dtype=object),
        "kind": np.full(len(ids), "independent_media", dtype=object),
        "country_iso3": np.full(len(ids), "", dtype=object),
        "languages": np.full(len(ids), "", dtype=object),
        "home_page": np.full(len(ids), "", dtype=object),
    }


def _sources(rng, n: int, last_day: dt.date) -> dict:
    outlet = _choice(rng, dict(zip(OUTLETS, OUTLET_SHARES, strict=True)), n)
    domain = _join(_join(outlet, "."), _choice(rng, dict.fromkeys(RESERVED_DOMAINS, 1), n))
    ids = _ids("S-", n)
    return {
        "source_id": ids,
        "url": _join(_join(_join("https://", domain), "/synthetic/"), ids),
        "publisher": np.full(n, PUBLISHER, dtype=object),
        "outlet_id": _join("synthetic-", outlet),
        "published_date": _maybe(
            rng, _precision(rng, _event_days(rng, n, last_day), 1.0, 0.0, 0.0), 0.9
        ),
        "language": _choice(rng, LANGUAGES, n),
        "note": _maybe(rng, np.full(n, f"{LABEL} source, never read by anyone", dtype=object), 0.3),
    }


# --- helpers -------------------------------------------------------------------------------


def _source_lists(rng, n_records: int) -> tuple[np.ndarray, int]:
    """';'-joined source ids per record, all distinct within a record; every source cited."""
    k = rng.choice(
        list(SOURCES_PER_RECORD), n_records, p=_p(list(SOURCES_PER_RECORD.values()))
    ).astype(np.int64)
    citations = int(k.sum())
    n_sources = max(int(k.max(initial=1)), round(citations * (1 - SHARED_CITATIONS)))
    # Consecutive citation slots modulo n_sources: distinct within a record (k <= n_sources),
    # each source reached at least once (citations >= n_sources); the permutation scatters them.
    slots = np.arange(citations) % n_sources
    order = rng.permutation(n_sources)[slots]
    ids = _ids("S-", n_sources)
    values = pa.array(ids[order], pa.string())
    offsets = pa.array(np.concatenate([[0], np.cumsum(k)]).astype(np.int32))
    joined = pc.binary_join(pa.ListArray.from_arrays(offsets, values), ";")
    return joined.to_numpy(zero_copy_only=False), n_sources


def _event_days(rng, n: int, last_day: dt.date) -> np.ndarray:
    """Days since FIRST_DAY: 8% before the full-scale invasion, the rest rising towards today."""
    before = (FULL_SCALE - FIRST_DAY).days
    after = (last_day - FULL_SCALE).days
    early = rng.random(n) < 0.08
    # A triangular density: reporting grows year on year since 2022.
    late = before + (after * np.sqrt(rng.random(n))).astype(np.int64)
    return np.where(early, rng.integers(0, before, n), late)


def _precision(rng, days: np.ndarray, day: float, month: float, year: float) -> np.ndarray:
    """Dates as text at mixed precision: day, month, year, or empty (the rest)."""
    dates = np.datetime64(FIRST_DAY.isoformat(), "D") + days.astype("timedelta64[D]")
    text = np.datetime_as_string(dates, unit="D").astype(object)
    draw = rng.random(len(days))
    arrow = pa.array(text, pa.string())
    months = pc.utf8_slice_codeunits(arrow, 0, 7).to_numpy(zero_copy_only=False)
    years = pc.utf8_slice_codeunits(arrow, 0, 4).to_numpy(zero_copy_only=False)
    return np.select(
        [draw < day, draw < day + month, draw < day + month + year],
        [text, months, years],
        default="",
    ).astype(object)


def _months(rng, stype_index: np.ndarray) -> np.ndarray:
    median = np.array([s[2] for s in SENTENCES], dtype=float)[stype_index]
    spread = np.array([s[3] for s in SENTENCES], dtype=float)[stype_index]
    months = (median * np.exp(rng.normal(0, 1, len(stype_index)) * spread)).round().clip(1, 300)
    # Real verdicts are mostly whole years.
    months = np.where(rng.random(len(months)) < 0.7, (months / 12).round().clip(1) * 12, months)
    text = _ints(months)
    known = (median > 0) & (rng.random(len(months)) < 0.9)
    return np.where(known, text, "").astype(object)


def _summaries(rng, n: int, kind: str, country: np.ndarray) -> np.ndarray:
    """About 230 characters, as the real summaries; one of a few sentence patterns."""
    openers = np.array(
        [
            f"{LABEL} {kind} record for benchmarks. A court",
            f"{LABEL} {kind} record for benchmarks. Prosecutors",
            f"{LABEL} {kind} record for benchmarks. Officials",
        ],
        dtype=object,
    )
    middle = " reported that a citizen returned from the front line after signing a contract; "
    tail = "the details are invented and describe no real person, court or event (row "
    where = np.where(country == "", "Central Asia", country)
    text = _join(openers[rng.integers(0, len(openers), n)], _join(" in ", where))
    text = _join(_join(_join(text, middle), tail), _ints(np.arange(1, n + 1)))
    return _join(text, ").")


def _choice(rng, shares: dict, n: int) -> np.ndarray:
    keys = np.array(list(shares), dtype=object)
    return keys[rng.choice(len(keys), n, p=_p(list(shares.values())))]


def _p(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def _maybe(rng, values: np.ndarray, share_filled: float) -> np.ndarray:
    return np.where(rng.random(len(values)) < share_filled, values, "").astype(object)


def _ints(values) -> np.ndarray:
    return np.asarray(values).astype(np.int64).astype(str).astype(object)


def _ids(prefix: str, n: int, numbers: np.ndarray | None = None) -> np.ndarray:
    numbers = np.arange(1, n + 1) if numbers is None else numbers
    padded = pc.utf8_lpad(pa.array(_ints(numbers), pa.string()), 7, "0")
    return _join(prefix, padded.to_numpy(zero_copy_only=False))


def _join(a, b) -> np.ndarray:
    out = pc.binary_join_element_wise(_arrow(a), _arrow(b), "")
    return out.to_numpy(zero_copy_only=False)


def _arrow(values):
    return values if isinstance(values, str) else pa.array(values, pa.string())


def _lookup(mapping: dict, keys: np.ndarray) -> np.ndarray:
    vocab = np.array(list(mapping), dtype=object)
    values = np.array(list(mapping.values()), dtype=object)
    order = np.argsort(vocab)
    return values[order[np.searchsorted(vocab[order], keys)]]


def _regions(rng, country: np.ndarray) -> np.ndarray:
    out = np.empty(len(country), dtype=object)
    for iso3, names in REGIONS.items():
        mask = country == iso3
        out[mask] = np.array(names, dtype=object)[rng.integers(0, len(names), int(mask.sum()))]
    return out
