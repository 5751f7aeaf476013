"""datapackage.json: generated from the contract, valid by frictionless' own validator."""

from __future__ import annotations

import json
import shutil

import pytest
from frictionless import validate

from etl import addresses, datapackage, transform
from etl.contract import FILES


@pytest.fixture(scope="module")
def real_release(real_db):
    return addresses.release_dir(real_db) / "latest"


def test_the_real_release_is_a_valid_data_package(real_release):
    report = validate(str(real_release / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:5]


def test_the_package_describes_every_published_table_with_types_codes_and_keys(real_release):
    package = json.loads((real_release / "datapackage.json").read_text())
    names = {r["name"] for r in package["resources"]}
    inputs = {c.table for c in FILES}
    links = {c.source_link_table for c in FILES if c.source_link_table}
    assert inputs | links | set(datapackage.RELEASED_DERIVED) | {"meta"} == names
    cases = next(r for r in package["resources"] if r["name"] == "cases")
    fields = {f["name"]: f for f in cases["schema"]["fields"]}
    header = (real_release / "cases.csv").read_text().splitlines()[0].split(",")
    assert [f["name"] for f in cases["schema"]["fields"]] == header
    assert fields["sentence_months"]["type"] == "integer"
    assert fields["verdict_date"]["type"] == "date"
    assert fields["country_iso3"]["constraints"]["enum"] == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert "prison" in fields["sentence_type"]["constraints"]["enum"]
    assert fields["summary"]["description"]
    assert cases["schema"]["primaryKey"] == ["case_id"]
    links = next(r for r in package["resources"] if r["name"] == "case_sources")["schema"]
    assert {
        "fields": ["source_id"],
        "reference": {"resource": "sources", "fields": ["source_id"]},
    } in links["foreignKeys"]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    meta = (real_release / "meta.csv").read_text()
    assert package["version"] in meta and package["version"] in package["citation"]
    assert package["sources"]


def test_the_package_names_no_machine_path(real_db, real_release):
    text = (real_release / "datapackage.json").read_text()
    assert str(real_db.parent) not in text and "/tmp" not in text and "/work" not in text
    for resource in json.loads(text)["resources"]:
        assert "/" not in resource["path"]


def test_the_validator_catches_a_bad_code_and_an_orphan_link(real_release, tmp_path):
    # The test above must be able to fail: break a copy and see the validator say so.
    copy = tmp_path / "release"
    shutil.copytree(real_release, copy)
    cases = (copy / "cases.csv").read_text().splitlines()
    cases[1] = cases[1].replace(cases[1].split(",")[1], "XXX", 1)
    (copy / "cases.csv").write_text("\n".join(cases) + "\n")
    links = (copy / "case_sources.csv").read_text().splitlines()
    links[1] = links[1].replace(links[1].split(",")[1], "S-9999", 1)
    (copy / "case_sources.csv").write_text("\n".join(links) + "\n")
    report = validate(str(copy / "datapackage.json"))
    kinds = {row[1] for row in report.flatten(["resourceName", "type"])}
    assert not report.valid
    assert {"constraint-error", "foreign-key"} <= kinds


def test_a_published_table_without_a_contract_is_refused():
    tables = transform.run({c.name: _empty(c) for c in FILES})
    tables["secret_notes"] = tables["cases"].iloc[:0]
    with pytest.raises(ValueError, match="secret_notes"):
        datapackage.package(tables, "v1")


def _empty(contract):
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=str) for c in contract.column_names})


def test_an_id_named_after_another_file_s_key_is_a_foreign_key(real_release):
    package = json.loads((real_release / "datapackage.json").read_text())
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    assert schemas["case_stages"]["foreignKeys"] == [
        {"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["case_id"]}}
    ]
    assert {
        "fields": ["outlet_id"],
        "reference": {"resource": "outlets", "fields": ["outlet_id"]},
    } in schemas["sources"]["foreignKeys"]


def test_a_derived_table_s_schema_comes_from_its_contract(real_release):
    package = json.loads((real_release / "datapackage.json").read_text())
    sentences = next(r for r in package["resources"] if r["name"] == "summary_sentences")
    contract = datapackage.derived_contracts()["summary_sentences"]
    fields = sentences["schema"]["fields"]
    assert [f["name"] for f in fields] == contract.column_names
    assert {f["name"]: f["type"] for f in fields}["median"] == "number"
    assert {f["name"]: f["type"] for f in fields}["n"] == "integer"
    assert sentences["schema"]["primaryKey"] == ["country_iso3", "sentence_type"]
    assert contract.description in sentences["description"]
