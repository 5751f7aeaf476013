"""The data contract: every curated file, its columns, types and allowed values.

This module is the single place the rules are written. `validate.py` enforces it,
`docs.py` renders it as the data dictionary (data/README.md) and the dashboard's
codebook, and a meta-test keeps the three in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
# Laws and incident locations may concern Russia or Ukraine as well.
CONTEXT_COUNTRIES = ("RUS", "UKR")

SIDES = {
    "russia": "Fought for, or was recruited by, Russia or forces it controls",
    "ukraine": "Fought for Ukraine",
    "unknown": "Not reported",
}
ARMED_GROUPS = {
    "russian_armed_forces": "Russian Ministry of Defence contract (incl. Storm-Z units)",
    "wagner": "Wagner Group (PMC)",
    "dnr_lnr": "Donetsk/Luhansk separatist forces (mainly 2014-2022)",
    "ukrainian_armed_forces": "Armed Forces of Ukraine",
    "international_legion": "International Legion of Ukraine",
    "other": "Another group, named in the summary",
    "unknown": "Not reported",
}
CHANNELS = {
    "migrant_detention": "Detained by police or migration officers and offered a contract",
    "prison": "Recruited while serving a sentence in a Russian prison",
    "enlistment_office": "Signed at an enlistment office or recruitment point",
    "online_ad": "Answered an online or printed advertisement",
    "personal_contact": "Through an acquaintance or an individual recruiter",
    "workplace": "Through an employer, e.g. a civilian job at a military unit",
    "other": "Another channel, described in the summary",
    "unknown": "Not reported",
}
SENTENCE_TYPES = {
    "prison": "Real prison term",
    "restricted_freedom": "Restriction of freedom (Uzbekistan: ogranichenie svobody)",
    "suspended": "Suspended (conditional) prison term",
    "probation": "Probation",
    "fine": "Fine",
    "correctional_labour": "Correctional labour",
    "acquitted": "Acquitted",
    "pending": "Charged or on trial; no verdict reported yet",
    "unknown": "A verdict is reported but not its kind",
    "other": "Another outcome, described in the summary",
}
ROLES = {
    "fighter": "Took part in the fighting or served under contract",
    "recruiter": "Recruited others",
    "attempted": "Tried to go, stopped before reaching the front",
    "other": "Another role, described in the summary",
}
STAGES = {
    "charged": "Charged or arrested; no verdict yet",
    "verdict": "First-instance verdict",
    "appeal": "Appeal decided",
    "annulled": "Verdict annulled",
    "retrial": "Retried",
}
# Stages in the order a case goes through them (an appeal and an annulment are both second).
STAGE_ORDER = {"charged": 0, "verdict": 1, "appeal": 2, "annulled": 2, "retrial": 3}
VERIFICATION = {
    "court_document": "The source cites the court ruling or a court's own publication",
    "official_statement": "Stated by an official body",
    "reputable_outlet": "Reported by an established news outlet",
    "single_source": "Only one lower-quality source",
}
INCIDENT_TYPES = {
    "migrant_raid": "Raid on migrants ending in contract offers or summonses",
    "online_ad": "Recruitment advertisement aimed at Central Asians",
    "prison_recruitment": "Recruitment of prisoners",
    "enlistment_office": "Recruitment at enlistment offices, tents, mosques or recruitment points",
    "citizenship_offer": "Citizenship or residence offered for military service",
    "official_warning": "Warning by a Central Asian government, embassy or religious board",
    "intelligence_report": "Intelligence assessment (e.g. a government defence ministry)",
    "ngo_report": "Report by an NGO or media investigation",
    "recruiter_prosecuted": "Recruiter detained, charged or convicted",
    "death_reported": "Death of a recruited citizen reported",
    "captured_pow": "Citizen captured as a prisoner of war",
    "other": "Another kind of event, described in the summary",
}
CLAIMANT_TYPES = {
    "government": "Government or ministry",
    "court": "Court or judiciary",
    "security_service": "Security service (GKNB, SGB, KNB...)",
    "prosecutor": "Prosecutor's office",
    "parliament": "Parliament or a member of it",
    "ngo": "Non-governmental organisation",
    "media_investigation": "Count by a media investigation",
    "foreign_government": "Government outside Central Asia (Ukraine, UK...)",
    "russian_official": "Russian official or body",
}
METRICS = {
    "criminal_cases": "Criminal cases opened",
    "convicted": "People convicted",
    "killed": "People killed",
    "recruited": "People recruited",
    "fighting": "People fighting",
    "contracts_signed": "Contracts signed",
    "returned": "People returned home",
    "captured": "People captured",
    "other": "Another figure, described in the summary",
}
QUALIFIERS = {
    "exact": "Stated as an exact figure",
    "at_least": "Stated as a minimum",
    "approx": "Stated as an approximation",
    "up_to": "Stated as a maximum",
}
# Kinds of outlet, listed strongest first: a record shows its sources in this order (an
# official body's own statement before a wire report, before a reprint of either).
OUTLET_KINDS = {
    "official_body": "A government body, court or prosecutor publishing its own statement",
    "wire_agency": "A news agency whose reports other outlets carry (Reuters, AFP, Interfax...)",
    "independent_media": (
        "A news outlet not run by a government: privately owned, or publicly funded under a "
        "legal guarantee of editorial independence (e.g. RFE/RL, BBC)"
    ),
    "ngo_research": "An NGO, think tank, academic publisher or reference database",
    "state_media": "A news outlet owned or run by a government (e.g. TASS, Xalq so'zi)",
    "other": "Another kind of publisher, e.g. a personal blog",
    "aggregator_reprint": (
        "A site that mostly republishes, rewrites or collects other outlets' reports"
    ),
    "partisan_outlet": "An outlet known for partisan or propaganda coverage",
}
# A record's strongest source is the one whose outlet kind comes first above; a record whose
# strongest source is one of these has no original report among its sources (issue #12).
WEAK_OUTLET_KINDS = ("aggregator_reprint", "partisan_outlet")
LAW_KINDS = {
    "criminal_article": "Criminal-code article used to prosecute",
    "legal_change": "Law, decree, new code or amnesty that changed how these cases are handled",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | id | ids | int | partial_date | url | iso3 | language | languages | enum
    description: str
    required: bool = False
    allowed: dict[str, str] | None = None
    countries: tuple[str, ...] = ()
    unit: str = ""
    max_value: int | None = None
    # File whose key every value must name (a foreign key), e.g. "outlets.csv".
    references: str | None = None


@dataclass(frozen=True)
class FileContract:
    name: str  # file name under data/
    table: str  # published table
    key: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    source_link_table: str | None = None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _summary() -> Column:
    return Column("summary", "text", "What happened, in our own words (no quotes)", required=True)


def _source_ids() -> Column:
    return Column("source_ids", "ids", "Ids from sources.csv, separated by ';'", required=True)


def _verification() -> Column:
    return Column("verification", "enum", "Strongest kind of source", True, VERIFICATION)


OUTLETS = FileContract(
    "outlets.csv",
    "outlets",
    "outlet_id",
    "One row per outlet or body that published a source: the registry sources name.",
    (
        Column("outlet_id", "id", "Stable id, lower case, e.g. rferl-azattyk", required=True),
        Column("name", "text", "Canonical name, as the dashboard shows it", required=True),
        Column("parent", "text", "Parent organisation (e.g. RFE/RL for its services)"),
        Column("kind", "enum", "Kind of outlet", True, OUTLET_KINDS),
        Column("country_iso3", "iso3", "Country the outlet is based in, if known"),
        Column("languages", "languages", "Languages of its sources here, ';'-separated"),
        Column("home_page", "url", "Home page, if known"),
    ),
)

SOURCES = FileContract(
    "sources.csv",
    "sources",
    "source_id",
    "One row per public source document that we read.",
    (
        Column("source_id", "id", "Stable id, e.g. S-0001", required=True),
        Column("url", "url", "Address of the document (http or https only)", required=True),
        Column("publisher", "text", "Publisher as printed on the page", required=True),
        Column(
            "outlet_id",
            "id",
            "Outlet in outlets.csv that published it (a mirror or archive copy counts as "
            "the original outlet; a reprint on another site as that site)",
            required=True,
            references="outlets.csv",
        ),
        Column("published_date", "partial_date", "Publication date", unit="YYYY[-MM[-DD]]"),
        Column("language", "language", "Language of the document (ISO 639-1, e.g. ru)", True),
        Column("note", "text", "What the document reports, in our words"),
    ),
)

CASES = FileContract(
    "cases.csv",
    "cases",
    "case_id",
    "One row per court case at home against citizens who fought or recruited for the war.",
    (
        Column("case_id", "id", "Stable id, e.g. C-0001", required=True),
        Column("country_iso3", "iso3", "Country that prosecuted", True, countries=CENTRAL_ASIA),
        Column("defendant_initials", "text", "Initials as published; never a full name"),
        Column("defendant_age", "int", "Age when reported", unit="years", max_value=100),
        Column("defendant_count", "int", "Defendants in this case", unit="people", max_value=500),
        Column("role", "enum", "What the defendant did", True, ROLES),
        Column("court", "text", "Court as reported"),
        Column("region", "text", "Province or region of the court"),
        Column(
            "verdict_date",
            "partial_date",
            "Date of the first-instance verdict (where case_stages.csv lists the case: its "
            "'verdict' row's date); empty while no verdict is reported. The timeline date",
            unit="YYYY[-MM[-DD]]",
        ),
        Column(
            "latest_stage_date",
            "partial_date",
            "Date of the latest reported stage, the one in `stage` (where case_stages.csv lists "
            "the case: its latest row's date); equals verdict_date when the verdict is the latest",
            unit="YYYY[-MM[-DD]]",
        ),
        Column(
            "report_date",
            "partial_date",
            "Date of the earliest report",
            unit="YYYY[-MM[-DD]]",
        ),
        Column("charge_article", "text", "Articles charged, e.g. 'UZB CC 154(1)', ';'-separated"),
        Column("sentence_type", "enum", "Latest reported outcome", True, SENTENCE_TYPES),
        Column("sentence_months", "int", "Length of the sentence", unit="months", max_value=600),
        Column("side", "enum", "Side the defendant served", True, SIDES),
        Column("armed_group", "enum", "Force the defendant joined", True, ARMED_GROUPS),
        Column("recruitment_channel", "enum", "How the defendant was recruited", True, CHANNELS),
        Column("stage", "enum", "Latest reported stage", True, STAGES),
        _verification(),
        _summary(),
        _source_ids(),
        Column("contradictions", "text", "Where sources disagree, and how"),
    ),
    "case_sources",
)

CASE_STAGES = FileContract(
    "case_stages.csv",
    "case_stages",
    "case_id+stage+stage_date",
    "Earlier stages of a case (verdict, appeal, annulment, retrial) when more than one is reported.",
    (
        Column("case_id", "id", "Case in cases.csv", required=True),
        Column("stage", "enum", "Stage", True, STAGES),
        Column("stage_date", "partial_date", "Date of the stage", unit="YYYY[-MM[-DD]]"),
        Column("court", "text", "Court as reported"),
        Column("sentence_type", "enum", "Outcome at this stage", True, SENTENCE_TYPES),
        Column("sentence_months", "int", "Length of the sentence", unit="months", max_value=600),
        _summary(),
        _source_ids(),
    ),
)

INCIDENTS = FileContract(
    "incidents.csv",
    "incidents",
    "incident_id",
    "One row per documented recruitment event, warning or report.",
    (
        Column("incident_id", "id", "Stable id, e.g. I-0001", required=True),
        Column(
            "country_iso3",
            "iso3",
            "Central Asian country whose citizens are concerned; empty = several",
            countries=CENTRAL_ASIA,
        ),
        Column(
            "location_iso3",
            "iso3",
            "Where it happened",
            countries=CENTRAL_ASIA + CONTEXT_COUNTRIES,
        ),
        Column("location", "text", "City or region"),
        Column("event_date", "partial_date", "When it happened", unit="YYYY[-MM[-DD]]"),
        Column(
            "report_date",
            "partial_date",
            "Date of the earliest report",
            unit="YYYY[-MM[-DD]]",
        ),
        Column("incident_type", "enum", "Kind of event", True, INCIDENT_TYPES),
        Column("side", "enum", "Side recruiting", False, SIDES),
        Column("armed_group", "enum", "Force recruiting", False, ARMED_GROUPS),
        Column("recruitment_channel", "enum", "Channel used", False, CHANNELS),
        Column(
            "people_count",
            "int",
            "People concerned, if stated",
            unit="people",
            max_value=10_000_000,
        ),
        _verification(),
        _summary(),
        _source_ids(),
    ),
    "incident_sources",
)

CLAIMS = FileContract(
    "claims.csv",
    "claims",
    "claim_id",
    "Aggregate figures stated by officials or public reports; never summed with records.",
    (
        Column("claim_id", "id", "Stable id, e.g. F-0001", required=True),
        Column(
            "country_iso3",
            "iso3",
            "Country the figure is about; empty = several",
            countries=CENTRAL_ASIA + CONTEXT_COUNTRIES,
        ),
        Column("claimant", "text", "Who stated it", required=True),
        Column("claimant_type", "enum", "Kind of claimant", True, CLAIMANT_TYPES),
        Column("metric", "enum", "What it counts", True, METRICS),
        Column("value", "int", "The figure as stated", True, unit="count", max_value=100_000_000),
        Column("value_qualifier", "enum", "How it was stated", True, QUALIFIERS),
        Column(
            "period_start",
            "partial_date",
            "Start of the period the figure counts, where the claim states one ('since 2022', "
            "'in 2023'); the period ends at as_of_date",
            unit="YYYY[-MM[-DD]]",
        ),
        Column("as_of_date", "partial_date", "Date the figure refers to", unit="YYYY[-MM[-DD]]"),
        Column("report_date", "partial_date", "Date of the report", unit="YYYY[-MM[-DD]]"),
        Column(
            "series_id",
            "id",
            "Claims that restate one running total over time (same claimant, metric and "
            "country) share this id, e.g. iwtl-kaz-killed; empty when the claims show no update",
        ),
        _summary(),
        _source_ids(),
    ),
    "claim_sources",
)

LAWS = FileContract(
    "laws.csv",
    "laws",
    "law_id",
    "Criminal-code articles used and legal changes since 2022.",
    (
        Column("law_id", "id", "Stable id, e.g. L-0001", required=True),
        Column("country_iso3", "iso3", "Country", True, countries=CENTRAL_ASIA + CONTEXT_COUNTRIES),
        Column("kind", "enum", "Kind of rule", True, LAW_KINDS),
        Column("article", "text", "Article or act"),
        Column("title", "text", "Short title in our words", required=True),
        Column("penalty_min_months", "int", "Lowest penalty", unit="months", max_value=600),
        Column("penalty_max_months", "int", "Highest penalty", unit="months", max_value=600),
        Column("effective_date", "partial_date", "In force from", unit="YYYY[-MM[-DD]]"),
        _summary(),
        _source_ids(),
    ),
    "law_sources",
)

# Order matters: outlets, then sources, so references can be checked against them.
FILES: tuple[FileContract, ...] = (OUTLETS, SOURCES, CASES, CASE_STAGES, INCIDENTS, CLAIMS, LAWS)
REQUIRED_FILES = ("outlets.csv", "sources.csv", "cases.csv", "incidents.csv")


def by_name(name: str) -> FileContract:
    return next(f for f in FILES if f.name == name)
