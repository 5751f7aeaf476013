"""CITATION.cff names the data version of data/, and every release carries its own."""

from __future__ import annotations

import json

from etl import addresses, citation, refresh
from etl.settings import DATA_DIR, ROOT


def test_the_repository_citation_names_the_version_of_the_curated_files():
    stated = citation.stated_version(ROOT / "CITATION.cff")
    assert stated == citation.data_version(DATA_DIR), (
        "CITATION.cff is stale after an edit of data/: run `python -m etl citation`"
    )
    assert (ROOT / "CITATION.cff").read_text() == citation.for_release(stated)


def test_the_version_is_the_one_a_refresh_publishes(dataset, tmp_path):
    db = tmp_path / "m.duckdb"
    result = refresh.run(dataset, db)
    latest = addresses.release_dir(db) / "latest"
    assert citation.data_version(dataset) == result.data_version
    assert citation.stated_version(latest / "CITATION.cff") == result.data_version
    assert json.loads((latest / "datapackage.json").read_text())["version"] == result.data_version


def test_writing_the_citation_follows_an_edit_of_the_data(dataset, tmp_path):
    target = tmp_path / "CITATION.cff"
    assert citation.write(target, dataset) is True
    before = citation.stated_version(target)
    assert citation.write(target, dataset) is False
    (dataset / "cases.csv").write_text((dataset / "cases.csv").read_text() + "\n")
    assert citation.write(target, dataset) is True
    assert citation.stated_version(target) != before
