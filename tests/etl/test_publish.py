"""The publish step's own checks: a build that does not hold what validation promised never
replaces the published file."""

from __future__ import annotations

import pandas as pd
import pytest

from etl import extract, publish, transform


@pytest.fixture
def tables(dataset) -> dict[str, pd.DataFrame]:
    return transform.run(extract.run(dataset).frames)


def build(tmp_path, tables):
    runs = publish.runs_frame([])
    return publish.build(tmp_path / "m.duckdb", tables, {"data_version": "x"}, runs)


def test_a_clean_build_passes_its_checks(tmp_path, tables):
    assert build(tmp_path, tables).exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "https://a b.org"])
def test_a_link_that_is_not_plain_http_never_reaches_the_published_file(tmp_path, tables, url):
    """Defence in depth: even if a bad link slipped past validation, the build refuses it."""
    tables["sources"] = tables["sources"].assign(url=url)
    with pytest.raises(publish.PublishError, match="not plain http"):
        build(tmp_path, tables)
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_a_link_to_a_missing_source_never_reaches_the_published_file(tmp_path, tables):
    links = tables["case_sources"]
    tables["case_sources"] = links.assign(source_id="S-9999")
    with pytest.raises(publish.PublishError, match="missing record or source"):
        build(tmp_path, tables)


def test_stale_build_files_of_a_killed_refresh_are_removed(tmp_path):
    db = tmp_path / "m.duckdb"
    stale = [tmp_path / ".m.duckdb.build-123", tmp_path / ".m.duckdb.build-123.wal"]
    for path in stale:
        path.write_bytes(b"half-written")
    publish.remove_stale_builds(db)
    assert not any(p.exists() for p in stale)
