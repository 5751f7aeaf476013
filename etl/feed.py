"""The Atom feed (static/feed.xml): one entry per case, incident or stated figure that the
last releases added or changed, for a reporter who wants to hear of a new verdict.

Built from the release folder (etl/addresses.py): each release's diff (changes/<run>.csv)
and that release's own tables, so an entry says what the record said when it was published.
Atom (RFC 4287): every entry has an id, a title and an updated time, the feed an id, a
title, an updated time and an author. Text is escaped by ElementTree; characters XML cannot
carry at all (control characters) are dropped first, so no record can break the file.
Links are root-relative (/explore?id=...) unless MONITOR_PUBLIC_URL names the site.
"""

from __future__ import annotations

import os
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from etl import changelog
from etl.contract import CLAIMS, METRICS, SENTENCE_TYPES

ATOM = "http://www.w3.org/2005/Atom"
RELEASES = 10  # the last releases' changes are in the feed
MAX_ENTRIES = 500
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:central-asia-recruitment-monitor")
TABLES = {"cases": "Court case", "incidents": "Recruitment incident", "claims": "Stated figure"}
KEYS = {"cases": "case_id", "incidents": "incident_id", "claims": "claim_id"}
DATES = {"cases": "timeline_date", "incidents": "timeline_date", "claims": "as_of_date"}
# XML 1.0 allows tab, line feed, carriage return and everything from U+0020 except surrogates
# and U+FFFE/U+FFFF.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def atom(release_dir: Path, base_url: str | None = None) -> bytes:
    """The feed as UTF-8 bytes, newest release's entries first."""
    base = (base_url if base_url is not None else os.environ.get("MONITOR_PUBLIC_URL", "")).rstrip(
        "/"
    )
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    releases = changelog.entries(release_dir, RELEASES)
    _text(root, "id", NAMESPACE.urn)
    _text(root, "title", "Central Asia Recruitment Monitor: new and changed records")
    _text(root, "subtitle", "Court cases, recruitment incidents and stated figures, by release")
    _text(root, "updated", _rfc3339(releases[0].published_at) if releases else _EPOCH)
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", "Central Asia Recruitment Monitor")
    _text(root, "rights", "Data: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=f"{base}/app/static/feed.xml")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/explore")
    left = MAX_ENTRIES
    for entry in releases:
        for row in _entries_of(release_dir, entry, left):
            _entry(root, row, entry, base)
            left -= 1
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


_EPOCH = "1970-01-01T00:00:00Z"


def _entries_of(release_dir: Path, entry: changelog.Release, limit: int) -> list[dict]:
    """At most `limit` entries: a first release adds every record (a million, at scale)."""
    rows = []
    for table, title in TABLES.items():
        changes = entry.changes.get(table, {})
        wanted = [(rid, "added", "") for rid, _ in changes.get("added", [])]
        wanted += [(rid, "changed", f) for rid, f in changes.get("changed", [])]
        wanted = wanted[: max(limit - len(rows), 0)]
        if not wanted:
            continue
        path = release_dir / ".store" / entry.folder / f"{table}.parquet"
        records = _records(path, table, [rid for rid, _, _ in wanted])
        for rid, change, fields in wanted:
            record = records.get(rid, {})
            rows.append(
                {
                    "table": table,
                    "kind": title,
                    "id": rid,
                    "change": change,
                    "fields": fields,
                    **record,
                }
            )
    return rows


def _records(path: Path, table: str, ids: list[str]) -> dict[str, dict]:
    """Those records of that release's table (read with a filter, not the whole file)."""
    try:
        frame = pd.read_parquet(path, filters=[(KEYS[table], "in", ids)])
    except (OSError, ValueError, KeyError):
        return {}
    frame = frame.astype(object).where(frame.notna(), None)
    return {str(r[KEYS[table]]): r for r in frame.to_dict("records")}


def _entry(root: ET.Element, row: dict, release: changelog.Release, base: str) -> None:
    node = ET.SubElement(root, f"{{{ATOM}}}entry")
    key = f"{release.version}/{row['table']}/{row['id']}/{row['change']}"
    _text(node, "id", uuid.uuid5(NAMESPACE, key).urn)
    _text(node, "title", title(row))
    _text(node, "updated", _rfc3339(release.published_at))
    ET.SubElement(
        node,
        f"{{{ATOM}}}link",
        rel="alternate",
        href=f"{base}/explore?id={quote(str(row['id']), safe='')}",
    )
    country = row.get("country_iso3")
    ET.SubElement(
        node,
        f"{{{ATOM}}}category",
        term=NOT_XML.sub("", str(country or "several")),
        label=NOT_XML.sub("", str(row.get("country_name") or "Several or none named")),
        scheme="country",
    )
    ET.SubElement(node, f"{{{ATOM}}}category", term=release.version, scheme="data-version")
    _text(node, "summary", summary(row, release.version))


def title(row: dict) -> str:
    verb = "added" if row["change"] == "added" else "changed"
    where = row.get("country_name") or "several countries"
    head = f"{row['kind']} {row['id']} {verb} ({where})"
    if row["table"] == "cases" and row.get("sentence_type"):
        head += f": {SENTENCE_TYPES.get(row['sentence_type'], row['sentence_type']).lower()}"
    if row["table"] == "claims" and row.get("value") is not None:
        metric = METRICS.get(str(row.get("metric")), "")
        qualifier = CLAIMS.column("value_qualifier").allowed.get(str(row.get("value_qualifier")))
        head += f": {int(row['value']):,} ({metric.lower()}; {(qualifier or '').lower()})"
    return head


def summary(row: dict, version: str) -> str:
    """Our own summary of the record, what changed, its date and the data version."""
    parts = []
    if row["change"] == "changed" and row.get("fields"):
        parts.append("Changed: " + ", ".join(row["fields"].split(";")) + ".")
    if row.get("summary"):
        parts.append(str(row["summary"]))
    date = row.get(DATES[row["table"]])
    if date is not None:
        parts.append(f"Dated {pd.Timestamp(date).date().isoformat()} (first day of the period).")
    parts.append(f"Data version {version}.")
    return " ".join(parts)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    node.text = NOT_XML.sub("", text)
    return node


def _rfc3339(stamp: str) -> str:
    try:
        value = pd.Timestamp(stamp)
    except ValueError:
        return _EPOCH
    if value.tzinfo is None:
        value = value.tz_localize("UTC")
    return value.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
