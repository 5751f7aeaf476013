"""Derived tables: each SELECT in etl/sql is built, held to its contract and published with it."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from etl import derived, macros, publish, refresh
from etl.settings import READ_ONLY_CONFIG

GOOD_SQL = "SELECT country_iso3, count(*) AS n FROM cases GROUP BY ALL"
GOOD_CONTRACT = """
description = "Cases per country."
grain = "one row per `country_iso3`"
reads = ["cases"]

[columns]
country_iso3 = { type = "VARCHAR", description = "Country" }
n = { type = "BIGINT", description = "Cases" }

[checks]
unique = ["country_iso3"]
not_null = ["country_iso3", "n"]

[[checks.holds]]
what = "every case is counted once"
sql = "SELECT (SELECT sum(n) FROM per_country) = (SELECT count(*) FROM cases)"
"""


def tiny_cases() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE cases AS SELECT * FROM (VALUES ('UZB'), ('UZB'), ('KGZ'), (NULL)) "
        "t(country_iso3)"
    )
    return con


def contract_in(tmp_path, sql: str = GOOD_SQL, contract: str = GOOD_CONTRACT):
    (tmp_path / "per_country.sql").write_text(sql)
    (tmp_path / "per_country.toml").write_text(contract)
    return derived.load(tmp_path)


def test_a_table_that_meets_its_contract_is_built_and_counted(tmp_path):
    con = tiny_cases()
    con.execute("DELETE FROM cases WHERE country_iso3 IS NULL")
    assert derived.build(con, contract_in(tmp_path)) == {"per_country": 2}


# Each row: how the SELECT or the contract goes wrong, and the words the error must say.
BROKEN = [
    ("a NULL country", GOOD_SQL, GOOD_CONTRACT, r"per_country.country_iso3: 1 of 3 rows are empty"),
    (
        "a repeated key",
        "SELECT country_iso3, 1::BIGINT AS n FROM cases WHERE country_iso3 IS NOT NULL",
        GOOD_CONTRACT,
        r"1 values of \(\"country_iso3\"\) occur more than once",
    ),
    (
        "a relation that fails",
        "SELECT country_iso3, count(*) + 1 AS n FROM cases WHERE country_iso3 IS NOT NULL "
        "GROUP BY ALL",
        GOOD_CONTRACT,
        "it does not hold that every case is counted once",
    ),
    (
        "a column the contract does not list",
        "SELECT country_iso3, count(*) AS n, 1 AS extra FROM cases GROUP BY ALL",
        GOOD_CONTRACT,
        "differ from its contract",
    ),
    (
        "a column of another type",
        "SELECT country_iso3, count(*)::INTEGER AS n FROM cases GROUP BY ALL",
        GOOD_CONTRACT,
        "differ from its contract",
    ),
]


@pytest.mark.parametrize(
    ("sql", "contract", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_a_table_that_breaks_its_contract_is_refused_with_the_check_named(
    tmp_path, sql, contract, message
):
    with pytest.raises(derived.ContractError, match=message):
        derived.build(tiny_cases(), contract_in(tmp_path, sql, contract))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: 'colour = "blue"\n' + c, "unknown keys"),
        (lambda c: c + 'colour = "blue"\n', r"checks.holds: unknown keys \['colour'\]"),
        (lambda c: c.replace('type = "BIGINT", ', ""), "column n: give type and description"),
        (lambda c: c.replace('grain = "one row per `country_iso3`"', ""), "missing"),
        (lambda c: c.replace('unique = ["country_iso3"]', 'unique = ["iso"]'), "checks.unique"),
    ],
)
def test_a_malformed_contract_is_named_when_the_contracts_load(tmp_path, change, message):
    with pytest.raises(derived.ContractError, match=message):
        contract_in(tmp_path, contract=change(GOOD_CONTRACT))


def test_a_select_without_a_contract_is_refused(tmp_path):
    (tmp_path / "orphan.sql").write_text(GOOD_SQL)
    with pytest.raises(derived.ContractError, match=r"orphan.sql: no contract"):
        derived.load(tmp_path)


def test_a_table_is_built_after_the_derived_tables_it_reads(tmp_path):
    contract_in(tmp_path)
    (tmp_path / "a_total.sql").write_text("SELECT sum(n) AS total FROM per_country")
    (tmp_path / "a_total.toml").write_text(
        'description = "All."\ngrain = "one row"\nreads = ["per_country"]\n'
        '[columns]\ntotal = { type = "HUGEINT", description = "Cases" }\n'
    )
    tables = derived.load(tmp_path)
    assert [t.name for t in tables] == ["per_country", "a_total"]
    con = tiny_cases()
    con.execute("DELETE FROM cases WHERE country_iso3 IS NULL")
    assert derived.build(con, tables) == {"per_country": 2, "a_total": 1}


def test_every_sql_file_has_a_contract_and_every_contract_a_select():
    files = {p.stem for p in derived.SQL_DIR.glob("*.sql")}
    contracts = {t.name: t for t in derived.TABLES}
    assert files <= set(contracts)
    for name, table in contracts.items():
        assert (name in files) != bool(table.select_from), name


def test_the_published_database_holds_every_derived_table_as_its_contract_says(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        for table in derived.TABLES:
            columns = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position",
                [table.name],
            ).fetchall()
            assert columns == [(c.name, c.type) for c in table.columns], table.name


def test_a_broken_contract_publishes_nothing_and_the_old_database_keeps_serving(
    dataset, tmp_path, monkeypatch
):
    db = tmp_path / "m.duckdb"
    assert refresh.run(dataset, db).ok
    before = db.stat().st_mtime_ns
    (tmp_path / "sql").mkdir()
    broken = contract_in(
        tmp_path / "sql", "SELECT country_iso3, count(*) + 1 AS n FROM cases GROUP BY ALL"
    )
    monkeypatch.setattr(derived, "TABLES", broken)
    result = refresh.run(dataset, db)
    assert result.outcome == "failed"
    assert "per_country" in result.message and "every case is counted once" in result.message
    assert db.stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir() if ".build-" in p.name] == []


def test_the_stored_macros_run_on_the_dashboards_locked_read_only_connection(real_db):
    with duckdb.connect(str(real_db), read_only=True, config=READ_ONLY_CONFIG) as con:
        assert con.execute(
            "SELECT date_text(DATE '2024-05-17', 'day'), date_text(DATE '2024-05-01', 'month'), "
            "date_text(DATE '2024-01-01', 'year'), date_text(NULL, NULL)"
        ).fetchall() == [("2024-05-17", "2024-05", "2024", None)]
        every = con.execute("SELECT * FROM sentence_boxes(NULL, NULL, NULL) ORDER BY ALL").df()
        stored = con.execute("SELECT * FROM summary_sentences ORDER BY ALL").df()
        pd.testing.assert_frame_equal(every, stored)
        one = con.execute(
            "SELECT sum(n) FROM sentence_boxes($c, $first, $last)",
            {"c": ["UZB"], "first": 2000, "last": 2100},
        ).fetchall()[0][0]
        direct = con.execute(
            "SELECT count(*) FROM cases WHERE country_iso3 = 'UZB' AND sentence_months IS NOT NULL"
        ).fetchall()[0][0]
        assert one == direct > 0


def test_the_band_macro_puts_every_length_in_the_band_its_bounds_say():
    con = duckdb.connect()
    con.execute(macros.MACROS["sentence_band"])
    for months in [None, 0, 11, 12, 35, 36, 59, 60, 119, 120, 600]:
        (got,) = con.execute("SELECT sentence_band($m::BIGINT)", {"m": months}).fetchall()[0]
        wanted = next(
            code
            for code, (low, high) in macros.BANDS.items()
            if (months is None and low is None)
            or (months is not None and low is not None and low <= months < (high or 10**9))
        )
        assert got == wanted, months


def test_the_build_stage_reports_write_and_derive_on_their_own(tmp_path, dataset):
    from etl import extract, transform

    tables = transform.run(extract.run(dataset).frames)
    seen = []
    publish.build(
        tmp_path / "m.duckdb",
        tables,
        {"data_version": "x"},
        publish.runs_frame([]),
        stage_done=lambda stage, detail: seen.append((stage, detail)),
    )
    assert [s for s, _ in seen] == ["write", "derive"]
    assert f"{len(derived.TABLES)} tables" in seen[1][1]
