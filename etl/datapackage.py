"""The release's datapackage.json: each published table's schema, generated from the contract.

A Frictionless Data Package (https://datapackage.org/standard/data-package/) lets a newsroom's
notebook, OpenRefine or `frictionless validate` read the release with the right types, codes
and keys, without reading our code. Every field comes from etl/contract.py (the input files'
columns) or from DERIVED below (the columns and link tables the transform adds), so the
package cannot drift from what the refresh publishes: a test builds one from the real tables
and runs frictionless' own validator over it. No machine path appears in it: every resource
path is a file name inside the release.
"""

from __future__ import annotations

import json

import pandas as pd

from etl import derived
from etl.contract import FILES, Column, FileContract

NAME = "central-asia-recruitment-monitor"
TITLE = "Central Asia Recruitment Monitor"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
DESCRIPTION = (
    "Court cases at home against Central Asian citizens who fought or recruited for Russia's "
    "war against Ukraine, recruitment incidents, figures stated by officials and others, and "
    "the laws used; every record traceable to the public sources listed in sources.csv. Not a "
    "complete count: public reporting is partial, so every number is a minimum."
)
SOURCES = [
    {
        "title": "Public news reports and official statements, one row per document read "
        "(address, publisher, date, language) in sources.csv",
        "path": "sources.csv",
    }
]
PRECISIONS = {"day": "Day known", "month": "Only the month known", "year": "Only the year known"}
TIMELINE_PRECISIONS = {
    **PRECISIONS,
    "report_date": "Undated: timeline_date is the date of the earliest report",
    "unknown": "Neither the date nor the report date is known",
}
# Columns the transform adds to a contract's table (etl/transform.py add_derived).
DERIVED = {
    "date_precision": ("How precisely timeline_date is known", TIMELINE_PRECISIONS),
    "timeline_date": ("The verdict or event date, else the report date: used on every chart", None),
    "country_name": ("English name of country_iso3 (ISO 3166)", None),
    "domain": ("Host of url, lower-cased, without www.", None),
}
# Tables the transform adds: one row per record and source, strongest source first.
LINK_TABLES = {c.source_link_table: c for c in FILES if c.source_link_table}
META = "meta"
# Derived tables in the release: the numbers behind the overview's charts, ready to chart
# again. The explorer's explore_records/explore_facets are its own index of the same records.
RELEASED_DERIVED = ("summary_cases", "summary_incidents", "summary_sentences")
# DuckDB types (as etl/sql contracts name them) -> Table Schema types. Timestamps are
# published as dates (etl/release.py casts them), as every date of the records is.
DUCKDB_TYPES = {
    "VARCHAR": "string",
    "BIGINT": "integer",
    "INTEGER": "integer",
    "HUGEINT": "integer",
    "SMALLINT": "integer",
    "DOUBLE": "number",
    "FLOAT": "number",
    "DATE": "date",
    "TIMESTAMP": "date",
    "BOOLEAN": "boolean",
}


def package(tables: dict[str, pd.DataFrame], version: str) -> dict:
    """The descriptor for these tables (written as <table>.csv beside it) and the meta table."""
    resources = [resource(name, frame) for name, frame in sorted(tables.items())]
    resources.append(meta_resource())
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "licenses": [LICENCE],
        "sources": SOURCES,
        "citation": citation(version),
        "keywords": ["Central Asia", "recruitment", "mercenarism", "court cases", "Russia"],
        "resources": resources,
    }


def citation(version: str) -> str:
    return f"{TITLE}, data version {version}. Licensed CC BY 4.0."


def to_json(descriptor: dict) -> bytes:
    """Stable bytes: the same tables and version always give the same file."""
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def resource(name: str, frame: pd.DataFrame) -> dict:
    contract = next((c for c in FILES if c.table == name), None)
    if contract is not None:
        schema, description = contract_schema(contract, frame), contract.description
    elif name in LINK_TABLES:
        schema, description = link_schema(LINK_TABLES[name]), link_description(LINK_TABLES[name])
    elif name in derived_contracts():
        table = derived_contracts()[name]
        schema = derived_schema(table)
        description = f"{table.description} Grain: {table.grain.replace('`', '')}."
    else:
        raise ValueError(f"table {name!r} has no contract: describe it before publishing it")
    missing = [c for c in frame.columns if c not in {f["name"] for f in schema["fields"]}]
    order = {c: i for i, c in enumerate(frame.columns)}
    if missing or len(order) != len(schema["fields"]):
        raise ValueError(f"table {name!r}: columns {missing} are published but not described")
    # Fields in the CSV's own column order: a Table Schema is matched to the header by position.
    schema["fields"].sort(key=lambda f: order[f["name"]])
    return {
        "name": name,
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "schema": schema,
    }


def contract_schema(contract: FileContract, frame: pd.DataFrame) -> dict:
    fields = []
    for col in contract.columns:
        if col.name in frame.columns:
            fields.append(field_of(col))
        precision = f"{col.name}_precision"
        if col.kind == "partial_date" and precision in frame.columns:
            fields.append(
                enum_field(precision, f"How precisely {col.name} is known", PRECISIONS, False)
            )
    for name, (description, allowed) in DERIVED.items():
        if name in frame.columns:
            fields.append(enum_field(name, description, allowed, False))
    keys = contract.key.split("+")
    schema: dict = {"fields": fields, "missingValues": [""]}
    if all(contract.column(k).required for k in keys):
        # A primary key may not be empty (Table Schema); case_stages' stage_date can be, so
        # its key is stated in the description instead.
        schema["primaryKey"] = keys
    foreign = references(contract)
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def references(contract: FileContract) -> list[dict]:
    """An id column named after another file's key points at it (case_stages.case_id -> cases,
    sources.outlet_id -> outlets)."""
    keys = {c.key: c.table for c in FILES if c is not contract and "+" not in c.key}
    return [
        {"fields": [col.name], "reference": {"resource": keys[col.name], "fields": [col.name]}}
        for col in contract.columns
        if col.kind == "id" and col.name in keys
    ]


def field_of(col: Column) -> dict:
    out: dict = {"name": col.name, "description": col.description}
    constraints: dict = {}
    if col.required:
        constraints["required"] = True
    if col.kind == "int":
        out["type"] = "integer"
        constraints["minimum"] = 0
        if col.max_value is not None:
            constraints["maximum"] = col.max_value
    elif col.kind == "partial_date":
        out["type"] = "date"
        out["description"] += (
            "; published as the first day of the period, its precision in the _precision column"
        )
    else:
        out["type"] = "string"
        if col.kind == "url":
            out["format"] = "uri"
        allowed = list(col.allowed or ()) or list(col.countries)
        if allowed:
            constraints["enum"] = allowed
        if col.allowed:
            out["categories"] = [{"value": k, "label": v} for k, v in col.allowed.items()]
    if col.unit and col.kind == "int":
        out["unit"] = col.unit
    if constraints:
        out["constraints"] = constraints
    return out


def enum_field(name: str, description: str, allowed: dict | None, required: bool) -> dict:
    kind = "date" if name == "timeline_date" else "string"
    out: dict = {"name": name, "type": kind, "description": description}
    if allowed:
        out["constraints"] = {"enum": list(allowed)}
        out["categories"] = [{"value": k, "label": v} for k, v in allowed.items()]
    if required:
        out.setdefault("constraints", {})["required"] = True
    return out


def derived_contracts() -> dict[str, derived.DerivedTable]:
    return {t.name: t for t in derived.load() if t.name in RELEASED_DERIVED}


def derived_schema(table: derived.DerivedTable) -> dict:
    """A derived table's schema from its contract (etl/sql/<table>.toml)."""
    fields = []
    for col in table.columns:
        field: dict = {
            "name": col.name,
            "type": DUCKDB_TYPES.get(col.type, "string"),
            "description": col.description.replace("`", ""),
        }
        if col.name in table.not_null:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if table.unique and set(table.unique) <= set(table.not_null):
        schema["primaryKey"] = list(table.unique)
    return schema


def link_description(parent: FileContract) -> str:
    return f"The sources of each row of {parent.table}: one row per record and source."


def link_schema(parent: FileContract) -> dict:
    key = parent.key.split("+")[0]
    return {
        "fields": [
            {
                "name": key,
                "type": "string",
                "description": f"Record in {parent.table}",
                "constraints": {"required": True},
            },
            {
                "name": "source_id",
                "type": "string",
                "description": "Source in sources",
                "constraints": {"required": True},
            },
            {
                "name": "source_rank",
                "type": "integer",
                "description": "Order of the source in the record's list, 1 = strongest",
                "constraints": {"required": True, "minimum": 1},
            },
        ],
        "missingValues": [""],
        "primaryKey": [key, "source_rank"],
        "foreignKeys": [
            {"fields": [key], "reference": {"resource": parent.table, "fields": [key]}},
            {
                "fields": ["source_id"],
                "reference": {"resource": "sources", "fields": ["source_id"]},
            },
        ],
    }


def meta_resource() -> dict:
    return {
        "name": META,
        "path": f"{META}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": "About this release: its data version (a hash of the curated input files).",
        "schema": {
            "fields": [
                {"name": "key", "type": "string", "constraints": {"required": True}},
                {"name": "value", "type": "string"},
            ],
            "primaryKey": ["key"],
        },
    }
