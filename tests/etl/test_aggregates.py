"""Summary tables hold exactly what a GROUP BY over the published records answers."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest

from etl import refresh
from testkit import synthetic


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    synthetic.write(folder, 400, today=dt.date.today())
    target = tmp_path_factory.mktemp("db") / "m.duckdb"
    assert refresh.run(folder, target).ok
    return target


def query(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).df()


def test_case_counts_add_up_to_the_cases_by_every_grouping(db):
    direct = query(
        db,
        "SELECT country_iso3, sentence_type, date_trunc('quarter', timeline_date) AS q, "
        "count(*) AS n FROM cases GROUP BY ALL ORDER BY ALL",
    )
    summed = query(
        db,
        "SELECT country_iso3, sentence_type, quarter_start AS q, sum(cases) AS n "
        "FROM summary_cases GROUP BY ALL ORDER BY ALL",
    )
    assert direct["n"].tolist() == summed["n"].astype(int).tolist()
    assert query(db, "SELECT sum(cases) FROM summary_cases").iloc[0, 0] == 400


def test_sentence_statistics_match_numpy(db):
    rows = query(db, "SELECT country_iso3, sentence_type, sentence_months FROM cases")
    rows = rows.dropna(subset=["sentence_months"])
    stats = query(db, "SELECT * FROM summary_sentences").set_index(
        ["country_iso3", "sentence_type"]
    )
    for (country, stype), part in rows.groupby(["country_iso3", "sentence_type"]):
        months = part["sentence_months"].astype(float).to_numpy()
        got = stats.loc[(country, stype)]
        q1, median, q3 = np.percentile(months, [25, 50, 75])
        assert got["n"] == len(months)
        assert (got["q1"], got["median"], got["q3"]) == pytest.approx((q1, median, q3))
        inside = months[(months >= q1 - 1.5 * (q3 - q1)) & (months <= q3 + 1.5 * (q3 - q1))]
        assert (got["lower_whisker"], got["upper_whisker"]) == (inside.min(), inside.max())


def test_incidents_without_a_country_count_as_several(db):
    direct = query(db, "SELECT count(*) FROM incidents WHERE country_iso3 IS NULL").iloc[0, 0]
    several = query(
        db,
        "SELECT coalesce(sum(incidents), 0) FROM summary_incidents WHERE country_iso3 = 'several'",
    ).iloc[0, 0]
    assert several == direct > 0
