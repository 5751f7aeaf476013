"""Shared fixtures: databases built at run time from data/ or from tiny synthetic files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from monitor_fixtures import write_dataset
from selection import mark_browser_tests

from etl import refresh
from etl.settings import DATA_DIR


def pytest_collection_modifyitems(items):
    mark_browser_tests(items)


@pytest.fixture(autouse=True)
def _let_go_of_the_published_file():
    """The dashboard keeps one connection per published file open (dashboard/db.py); DuckDB
    refuses a second connection in the same process with another configuration, which a test
    reading a database directly would be. A server never does that: close it between tests."""
    yield
    from dashboard import db

    db.close()


def build(data_dir: Path, db: Path) -> Path:
    result = refresh.run(data_dir, db)
    assert result.ok, [str(p) for p in result.problems] + [result.message]
    return db


@pytest.fixture(scope="session")
def real_db(tmp_path_factory) -> Path:
    """The published database built from the curated files in data/."""
    return build(DATA_DIR, tmp_path_factory.mktemp("real") / "monitor.duckdb")


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory) -> Path:
    folder = write_dataset(tmp_path_factory.mktemp("synthetic-data"))
    return build(folder, tmp_path_factory.mktemp("synthetic") / "monitor.duckdb")


@pytest.fixture
def dataset(tmp_path) -> Path:
    """A valid synthetic data folder that a test may then break."""
    return write_dataset(tmp_path / "data")


@pytest.fixture(scope="session")
def explore_db(tmp_path_factory) -> Path:
    """The explorer's synthetic dataset (tests/explore_fixtures.py), whose answers are known."""
    import explore_fixtures

    folder = explore_fixtures.write(tmp_path_factory.mktemp("explore-data"))
    return build(folder, tmp_path_factory.mktemp("explore") / "monitor.duckdb")


@pytest.fixture(scope="session")
def scaled_db(tmp_path_factory) -> Path:
    """300 synthetic cases (testkit/synthetic.py) and their incidents and claims: more records
    than one page of the explorer holds."""
    from testkit import synthetic

    folder = tmp_path_factory.mktemp("scaled-data")
    synthetic.write(folder, 300, today=dt.date(2026, 1, 1))
    return build(folder, tmp_path_factory.mktemp("scaled") / "monitor.duckdb")
