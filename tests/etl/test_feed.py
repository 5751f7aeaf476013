"""The Atom feed of added and changed records: parses, has RFC 4287's elements, escapes text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser
import pandas as pd

from etl import addresses, feed, refresh

A = "{http://www.w3.org/2005/Atom}"
HOSTILE = 'Ends </summary><script>alert("x")</script> & more \x0b\x00 — "quoted" <b>'


def hand_release(root, summary="Synthetic case used by the test suite."):
    """A release folder as etl/addresses.py writes it: one release adding C-0001, changing
    C-0002 and F-0001, removing C-0003 and adding a source (not a feed record)."""
    store = root / ".store" / "v2-abc"
    store.mkdir(parents=True)
    pd.DataFrame(
        {
            "case_id": ["C-0001", "C-0002"],
            "country_iso3": ["UZB", None],
            "country_name": ["Uzbekistan", None],
            "sentence_type": ["prison", "fine"],
            "timeline_date": pd.to_datetime(["2024-05-01", None]),
            "summary": [summary, "A fine."],
        }
    ).to_parquet(store / "cases.parquet")
    pd.DataFrame(
        {
            "claim_id": ["F-0001"],
            "country_iso3": ["KGZ"],
            "country_name": ["Kyrgyzstan"],
            "metric": ["convicted"],
            "value": [338],
            "value_qualifier": ["at_least"],
            "as_of_date": pd.to_datetime(["2024-01-01"]),
            "summary": ["Stated count."],
        }
    ).to_parquet(store / "claims.parquet")
    (root / "changes").mkdir()
    pd.DataFrame(
        {
            "table_name": ["cases", "cases", "cases", "claims", "sources"],
            "record_id": ["C-0001", "C-0002", "C-0003", "F-0001", "S-0001"],
            "change": ["added", "changed", "removed", "changed", "added"],
            "fields": ["", "summary;court", "", "value", ""],
        }
    ).to_csv(root / "changes" / "run2.csv", index=False)
    index = {
        "latest": "v2",
        "releases": [
            {
                "version": "v2",
                "published_at": "2026-12-01T10:00:00+00:00",
                "run_id": "run2",
                "folder": "v2-abc",
                "changes": {},
            },
        ],
    }
    (root / "index.json").write_text(json.dumps(index))
    return root


def test_the_feed_has_one_entry_per_added_or_changed_case_incident_or_claim(tmp_path):
    parsed = feedparser.parse(feed.atom(hand_release(tmp_path), base_url="https://monitor.example"))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    titles = [e.title for e in parsed.entries]
    assert len(titles) == 3  # the removed case and the source are not news
    assert titles[0] == "Court case C-0001 added (Uzbekistan): real prison term"
    assert titles[1].startswith("Court case C-0002 changed (several countries)")
    assert titles[2] == (
        "Stated figure F-0001 changed (Kyrgyzstan): 338 (people convicted; stated as a minimum)"
    )
    first = parsed.entries[0]
    assert first.link == "https://monitor.example/explore?id=C-0001"
    assert first.updated == "2026-12-01T10:00:00Z"
    assert "Dated 2024-05-01" in first.summary and "Data version v2." in first.summary
    assert {t.term for t in first.tags} == {"UZB", "v2"}
    assert parsed.entries[1].summary.startswith("Changed: summary, court.")


def test_the_feed_has_every_element_rfc_4287_requires(tmp_path):
    root = ET.fromstring(feed.atom(hand_release(tmp_path)))
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{tag}") is not None, tag
    assert root.find(f"{A}author/{A}name").text
    assert root.find(f"{A}link[@rel='self']") is not None
    ids = []
    for entry in root.findall(f"{A}entry"):
        for tag in ("id", "title", "updated", "summary"):
            assert (entry.find(f"{A}{tag}").text or "").strip(), tag
        assert entry.find(f"{A}link[@rel='alternate']").get("href").startswith("/explore?id=")
        ids.append(entry.find(f"{A}id").text)
        assert entry.find(f"{A}id").text.startswith("urn:uuid:")
        # RFC 3339 date-time, as Atom requires
        assert pd.Timestamp(entry.find(f"{A}updated").text).tzinfo is not None
    assert len(set(ids)) == len(ids) == 3


def test_every_text_field_is_escaped(tmp_path):
    data = feed.atom(hand_release(tmp_path, summary=HOSTILE))
    root = ET.fromstring(data)  # still well-formed XML
    assert b"<script>" not in data and b"\x0b" not in data and b"\x00" not in data
    summary = root.find(f"{A}entry/{A}summary").text
    assert '</summary><script>alert("x")</script> & more' in summary
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert len(parsed.entries) == 3


def test_an_empty_release_folder_gives_a_valid_feed_without_entries(tmp_path):
    parsed = feedparser.parse(feed.atom(tmp_path))
    assert not parsed.bozo and parsed.entries == []


def test_a_refresh_writes_the_feed_beside_the_release(dataset, tmp_path):
    db = tmp_path / "monitor.duckdb"
    refresh.run(dataset, db)
    parsed = feedparser.parse((addresses.static_dir(db) / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert sorted(e.link for e in parsed.entries) == [
        "/explore?id=C-0001",
        "/explore?id=C-0002",
        "/explore?id=C-0003",
        "/explore?id=I-0011",
        "/explore?id=I-0012",
    ]


def test_the_feed_stops_at_its_entry_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(feed, "MAX_ENTRIES", 2)
    parsed = feedparser.parse(feed.atom(hand_release(tmp_path)))
    assert [e.title.split()[2] for e in parsed.entries] == ["C-0001", "C-0002"]
