"""What a maintainer reads after a refresh: the first changes by id, and how many more."""

from __future__ import annotations

import io

from rich.console import Console

from etl import report
from etl.diff import TableDiff


def printed(changes) -> list[str]:
    out = io.StringIO()
    report.print_changes(Console(file=out, width=200), changes)
    return out.getvalue().splitlines()


def test_the_first_changes_are_listed_then_how_many_more():
    added = [f"C-{i:07d}" for i in range(1, 1_000_001)]
    lines = printed(
        [TableDiff("cases", added=added, removed=["C-X"], changed={"C-Y": ["summary"]})]
    )
    assert lines[1] == "cases: +1000000 added, -1 removed, ~1 changed"
    assert lines[2 : 2 + report.MAX_LISTED_CHANGES] == [
        f"  + {rid}" for rid in added[: report.MAX_LISTED_CHANGES]
    ]
    assert lines[-1] == f"  … and {1_000_002 - report.MAX_LISTED_CHANGES} more"


def test_removed_and_changed_records_are_named_with_their_fields():
    lines = printed([TableDiff("incidents", removed=["I-1"], changed={"I-2": ["summary", "side"]})])
    assert "  - I-1" in lines
    assert "  ~ I-2: summary, side" in lines
    assert not any("more" in line for line in lines)


def test_no_changes_is_said():
    assert printed([TableDiff("cases")]) == ["no changes against the published database"]
