"""A small synthetic dataset whose explorer answers are known by heart (written at run time).

4 cases, 2 incidents, 2 claims, with dates at every precision, a shared source (C-0001 and
I-0011 both cite S-0001), two case stages, an article-less case and a very long summary.
EXPECTED maps explorer URL parameters to exactly the ids they must show.
"""

from __future__ import annotations

from pathlib import Path

from monitor_fixtures import SYNTHETIC, case, incident, outlet, source, write_dataset

LONG_SUMMARY = "Synthetic case with a very long summary." + " Lorem ipsum dolor sit amet." * 120

CASES = [
    case(
        1,
        verdict_date="2024-04",
        stage="appeal",
        latest_stage_date="2024-06-15",
        armed_group="wagner",
        court="Tashkent City Court",
        summary="Synthetic: returned from the Wagner group and was tried.",
        source_ids="S-0001;S-0002",
    ),
    case(
        2,
        country_iso3="KGZ",
        charge_article="KGZ CC 416(2)",
        sentence_type="probation",
        sentence_months="24",
        verdict_date="2023-11-20",
        report_date="2023-11-21",
        court="Naryn Regional Court",
        source_ids="S-0003",
    ),
    case(
        3,
        country_iso3="KAZ",
        charge_article="KAZ CC 172(2)",
        sentence_type="prison",
        sentence_months="72",
        verdict_date="",
        report_date="2019-03-01",
        armed_group="dnr_lnr",
        recruitment_channel="unknown",
        role="recruiter",
        summary=LONG_SUMMARY,
        source_ids="S-0004",
    ),
    case(
        4,
        charge_article="",
        sentence_type="pending",
        sentence_months="",
        stage="charged",
        verdict_date="",
        report_date="2023",
        court="Samarkand Regional Court",
        source_ids="S-0005",
    ),
]
INCIDENTS = [
    incident(11, source_ids="S-0011;S-0001"),
    incident(
        12,
        country_iso3="",
        incident_type="intelligence_report",
        event_date="2024",
        report_date="2024-02-01",
        summary="Synthetic assessment naming Wagner recruiters.",
        source_ids="S-0012",
    ),
]
CLAIM_COLUMNS = {
    "claimant_type": "court",
    "metric": "convicted",
    "value_qualifier": "at_least",
    "summary": "Synthetic figure used by the test suite.",
}
CLAIMS = [
    {
        "claim_id": "F-0021",
        "country_iso3": "UZB",
        "claimant": "Supreme Court (synthetic)",
        "value": "100",
        "as_of_date": "2024-06",
        "report_date": "2024-07-01",
        "source_ids": "S-0021",
        **CLAIM_COLUMNS,
    },
    {
        "claim_id": "F-0022",
        "country_iso3": "",
        "claimant": "Ministry of Defence (synthetic)",
        "value": "1000",
        "as_of_date": "",
        "report_date": "2023-05-10",
        "source_ids": "S-0022",
        **CLAIM_COLUMNS,
        "metric": "recruited",
        "value_qualifier": "approx",
        "claimant_type": "foreign_government",
    },
]
STAGES = [
    {
        "case_id": "C-0001",
        "stage": "verdict",
        "stage_date": "2024-04",
        "court": "Tashkent District Court",
        "sentence_type": "restricted_freedom",
        "sentence_months": "48",
        "summary": "Synthetic first-instance verdict.",
        "source_ids": "S-0001",
    },
    {
        "case_id": "C-0001",
        "stage": "appeal",
        "stage_date": "2024-06-15",
        "court": "Tashkent City Court",
        "sentence_type": "restricted_freedom",
        "sentence_months": "48",
        "summary": "Synthetic appeal, sentence upheld.",
        "source_ids": "S-0002",
    },
]
SOURCES = [
    source(1),
    source(2, publisher=f"{SYNTHETIC} Газета", language="ru", published_date="2024-06"),
    source(
        3, publisher=f"{SYNTHETIC} Fergana", published_date="2023", outlet_id="synthetic-agency"
    ),
    source(4),
    source(5, url="http://example.org/synthetic/plain-http"),
    source(11),
    source(12),
    source(21),
    source(22),
]

ALL = ["C-0001", "C-0002", "C-0003", "C-0004", "I-0011", "I-0012", "F-0021", "F-0022"]
# URL parameters -> exactly the ids the explorer must show (worked out by hand from above).
EXPECTED: dict[str, list[str]] = {
    "": ALL,
    "type=cases": ["C-0001", "C-0002", "C-0003", "C-0004"],
    "type=incidents,claims": ["I-0011", "I-0012", "F-0021", "F-0022"],
    "country=UZB": ["C-0001", "C-0004", "F-0021"],
    "country=several": ["I-0012", "F-0022"],
    "country=kgz,KAZ": ["C-0002", "C-0003", "I-0011"],
    "q=wagner": ["C-0001", "I-0012"],
    "q=WAGNER group": ["C-0001"],
    "q=fergana": ["C-0002"],
    "q=газета": ["C-0001"],
    "q=naryn": ["C-0002"],
    'q="tashkent city"': ["C-0001"],
    "q=tashkent district": ["C-0001"],
    "q=nothing-like-this": [],
    "from=2024-01-01": ["C-0001", "I-0012", "F-0021"],
    "from=2024": ["C-0001", "I-0012", "F-0021"],
    "to=2023-12-31": ["C-0002", "C-0003", "C-0004", "I-0011", "F-0022"],
    "from=2023-11&to=2023-11": ["C-0002"],
    "type=cases&country=UZB,KGZ&from=2023-01-01&to=2024-12-31": ["C-0001", "C-0002", "C-0004"],
    "band=3to5y": ["C-0001"],
    "band=none,10yplus": ["C-0004"],
    "sentence=prison,probation": ["C-0002", "C-0003"],
    "article=KGZ CC 416": ["C-0002"],
    "article=none": ["C-0004"],
    "article=UZB CC 154": ["C-0001"],
    "group=wagner": ["C-0001"],
    "role=recruiter": ["C-0003"],
    "role=fighter&country=KAZ,KGZ": ["C-0002"],
    "side=russia&type=claims": [],
    "channel=unknown": ["C-0003"],
    "kind=migrant_raid": ["I-0011"],
    "verification=reputable_outlet&country=several": ["I-0012"],
    "ids=C-0002,F-0022": ["C-0002", "F-0022"],
    "outlet=synthetic-agency": ["C-0002"],
    "outlet=synthetic,synthetic-agency": ALL,
    "outlet_kind=wire_agency&type=cases": ["C-0002"],
    # Bad parts are dropped (with a note), the rest still applies.
    "country=UZB,XXX&nonsense=1": ["C-0001", "C-0004", "F-0021"],
    "from=2024-13-45": ALL,
}


def write(folder: Path) -> Path:
    return write_dataset(
        folder,
        cases=CASES,
        incidents=INCIDENTS,
        sources=SOURCES,
        claims=CLAIMS,
        case_stages=STAGES,
        outlets=[
            outlet(),
            outlet("synthetic-agency", name=f"{SYNTHETIC} agency", kind="wire_agency"),
        ],
    )
