"""What a maintainer reads: problems listed, but one broken rule not fifty thousand times."""

from __future__ import annotations

import io

from rich.console import Console

from etl.problems import Problem
from etl.report import MAX_LISTED_PER_RULE, print_problems


def printed(problems: list[Problem]) -> str:
    out = io.StringIO()
    print_problems(Console(file=out, width=200), problems)
    return out.getvalue()


def test_a_rule_broken_many_times_is_listed_a_few_times_with_the_count():
    many = [Problem("cases.csv", r, "verdict_date", "undated", "warning") for r in range(2, 52)]
    text = printed([*many, Problem("sources.csv", 3, "url", "only http (got 'ftp://x')")])
    assert text.count("undated") == MAX_LISTED_PER_RULE + 1
    assert (
        f"… and {50 - MAX_LISTED_PER_RULE} more warnings in cases.csv, field 'verdict_date'" in text
    )
    assert "sources.csv, row 3, field 'url': only http (got 'ftp://x')" in text
    assert text.startswith("1 error(s), 50 warning(s)")


def test_a_few_problems_are_all_listed():
    text = printed([Problem("cases.csv", r, "country_iso3", "unknown") for r in range(2, 7)])
    assert text.count("unknown") == 5
    assert "more" not in text
