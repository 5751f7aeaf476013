"""Meta-test: the curated data says what happened, never how we researched it.

Issue 12 found records reading "year not in excerpt" or "sources read": words about our
reading, not about the event. A reader cannot tell such a note from a fact. Data says what
happened and what is unknown ("the year is not given", "no verdict has been reported").
"""

from __future__ import annotations

import csv
import re

import pytest

from etl.settings import DATA_DIR

# Each pattern names a way of writing about the research instead of the facts.
PROCESS_WORDS = {
    "excerpt": r"\bexcerpts?\b",
    "snippet": r"\bsnippets?\b",
    "sources read": r"\bsources? (we )?read\b|\bread by us\b",
    "search store": r"\bsearch (store|tool|results?)\b|\bre-?quer(y|ied)\b",
    "retrieved": r"\b(not )?retriev(ed|able)\b",
    "not found": r"\b(was |were )?not found\b|\bfound no\b|\bnone found\b",
    "cut off": r"\bcut (off|from)\b|\btruncated\b",
    "seen by us": r"\b(excerpt|page|text) seen\b|\bwe (saw|found|read)\b",
    "unconfirmed merge": r"\bmatch is not confirmed\b",
    "how the page is dated": r"\bundated\b|\b(url|address) path\b|\bnot shown in\b",
}
_COMPILED = {name: re.compile(rx, re.IGNORECASE) for name, rx in PROCESS_WORDS.items()}


def process_words_in(text: str) -> list[str]:
    """Names of the process-word patterns found in one cell."""
    return [name for name, rx in _COMPILED.items() if rx.search(text)]


def _cells():
    for path in sorted(DATA_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                for column, value in row.items():
                    if value:
                        yield path.name, line, column, value


@pytest.mark.parametrize(
    "text",
    [
        "Sentenced on 14 January (year not in excerpt).",
        "Penalty range not stated in sources read.",
        "Source page not returned on re-query.",
        "The exact sentence was cut from the excerpt seen.",
        "Its outcome was not found.",
        "Italian copy of the story. Date only in the URL path.",
        "Berdsk press service statement. Undated.",
    ],
)
def test_the_check_catches_research_wording(text):
    assert process_words_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "The year is not given; no verdict has been reported.",
        "Police searched his flat and found a Wagner contract.",
        "Later seen in units at Horlivka.",
    ],
)
def test_the_check_lets_plain_facts_through(text):
    assert process_words_in(text) == []


def test_no_data_file_describes_the_research_instead_of_the_facts():
    hits = [
        f"{name} line {line} `{column}`: {', '.join(words)}"
        for name, line, column, value in _cells()
        if (words := process_words_in(value))
    ]
    assert not hits, "research wording in data/ (say what happened):\n" + "\n".join(hits)
