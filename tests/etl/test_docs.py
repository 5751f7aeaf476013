"""Meta-tests: the data dictionary and the contract say the same thing."""

from __future__ import annotations

import re

from etl import derived, docs
from etl.contract import FILES
from etl.settings import DATA_DIR

README = DATA_DIR / "README.md"


def test_the_data_dictionary_is_generated_from_the_current_contract():
    text = README.read_text(encoding="utf-8")
    section = text.split(docs.START)[1].split(docs.END)[0]
    assert section.strip() == docs.dictionary_markdown().strip(), "run `python -m etl docs`"


def test_every_column_of_every_file_is_documented():
    text = README.read_text(encoding="utf-8")
    for contract in FILES:
        assert f"`{contract.name}`" in text
        for col in contract.columns:
            assert re.search(rf"\| `{col.name}` \|", text), (contract.name, col.name)


def test_every_curated_file_has_exactly_the_contract_columns():
    for contract in FILES:
        path = DATA_DIR / contract.name
        if path.exists():
            header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
            assert header == contract.column_names, contract.name


def test_the_derived_tables_are_described_from_their_current_contracts():
    text = README.read_text(encoding="utf-8")
    section = text.split(docs.DERIVED_START)[1].split(docs.DERIVED_END)[0]
    assert section.strip() == docs.derived_markdown().strip(), "run `python -m etl docs`"
    for table in derived.TABLES:
        assert f"### `{table.name}`" in section
        for col in table.columns:
            assert f"| `{col.name}` | {col.type} |" in section, (table.name, col.name)
