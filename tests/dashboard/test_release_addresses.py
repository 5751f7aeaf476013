"""The stable addresses as a reader fetches them from the running dashboard (like curl)."""

from __future__ import annotations

import http.client
import io
import json
import os
import urllib.error
import urllib.request
import zipfile
from urllib.parse import urlsplit

import feedparser
import pandas as pd
import pytest
from static_server import serving_release

from etl import addresses

# What Streamlit's static handler sends (Python's mimetypes, with Parquet registered by
# dashboard/content_types.py at start-up); the feed as XML (RFC 7303).
TYPES = {
    "cases.csv": "text/csv",
    "cases.parquet": "application/vnd.apache.parquet",
    "monitor-release.zip": "application/zip",
    "datapackage.json": "application/json",
}


@pytest.fixture(scope="module")
def served(real_db, tmp_path_factory):
    with serving_release(real_db, tmp_path_factory.mktemp("served")) as url:
        yield url, real_db


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def raw_get(url: str, path: str) -> tuple[int, bytes]:
    """A request sent exactly as written: urllib would not, but a hostile client may."""
    parts = urlsplit(url)
    con = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    con.request("GET", path)
    response = con.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("name", list(TYPES))
@pytest.mark.parametrize("which", ["latest", "version"])
def test_each_address_returns_the_file_with_its_content_type(served, name, which):
    url, db = served
    version = json.loads((addresses.release_dir(db) / "index.json").read_text())["latest"]
    folder = "latest" if which == "latest" else version
    status, headers, body = fetch(f"{url}/app/static/release/{folder}/{name}")
    assert status == 200
    assert headers["content-type"].split(";")[0] == TYPES[name]
    assert body == (addresses.release_dir(db) / version / name).read_bytes()


def test_a_reader_loads_the_latest_tables_straight_from_their_addresses(served):
    url, _ = served
    cases = pd.read_csv(f"{url}/app/static/release/latest/cases.csv")
    _, _, parquet = fetch(f"{url}/app/static/release/latest/cases.parquet")
    assert len(cases) == len(pd.read_parquet(io.BytesIO(parquet))) > 0
    _, _, archive = fetch(f"{url}/app/static/release/latest/monitor-release.zip")
    assert "monitor-release/datapackage.json" in zipfile.ZipFile(io.BytesIO(archive)).namelist()


def test_the_feed_is_served_as_xml_and_parses(served):
    url, _ = served
    status, headers, body = fetch(f"{url}/app/static/feed.xml")
    assert status == 200 and headers["content-type"].split(";")[0] == "application/xml"
    parsed = feedparser.parse(body)
    assert not parsed.bozo and parsed.entries


@pytest.mark.parametrize(
    "path",
    [
        "/app/static/release/0000deadbeef/cases.csv",
        "/app/static/release/latest/no_such_table.csv",
        "/app/static/release/latest/",
        "/app/static/release/.store/",
    ],
)
def test_an_address_that_does_not_exist_answers_404_without_a_trace(served, path):
    url, _ = served
    status, _, body = fetch(url + path)
    assert status == 404
    assert b"Traceback" not in body and b"/" + b"tmp" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/app/static/release/latest/../../../../../etc/passwd",
        "/app/static/release/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/app/static/..%2f..%2f..%2fetc%2fpasswd",
        "/app/static/%2fetc%2fpasswd",
    ],
)
def test_no_address_reaches_outside_the_release_files(served, path):
    url, _ = served
    status, body = raw_get(url, path)
    assert status in (400, 404)
    assert b"root:" not in body


def test_a_link_planted_under_static_to_outside_is_refused(served):
    # Our own links stay inside (tests/etl/test_addresses.py); the server refuses any other.
    url, db = served
    planted = addresses.static_dir(db) / "planted"
    os.symlink("/etc", planted)
    try:
        status, _, body = fetch(f"{url}/app/static/planted/passwd")
    finally:
        planted.unlink()
    assert status in (400, 404) and b"root:" not in body
