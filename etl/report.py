"""How the ETL's results are printed for a maintainer: progress, summaries, problems, diffs."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from etl.problems import Problem, errors

MAX_LISTED_CHANGES = 20
MAX_LISTED_PROBLEMS = 50


def stage_printer(console: Console) -> Callable[[str, str, float], None]:
    """One line per finished stage, so a long refresh shows where it is."""

    def show(stage: str, detail: str, seconds: float) -> None:
        console.print(f"  {stage:<10} {detail:<60} {seconds:7.2f} s", markup=False)

    return show


def print_refresh(console: Console, result) -> None:
    print_problems(console, result.problems, result.report)
    counts = Table(title="Records in and out", show_edge=False)
    counts.add_column("table")
    counts.add_column("rows in", justify="right")
    counts.add_column("rejected", justify="right")
    counts.add_column("rows published", justify="right")
    rejected = result.rejected_rows
    names = sorted(set(result.row_counts_in) | set(result.row_counts_out))
    for name in names:
        counts.add_row(
            name,
            str(result.row_counts_in.get(name, "")),
            str(rejected.get(name, 0)) if name in result.row_counts_in else "",
            str(result.row_counts_out.get(name, "")),
        )
    if names:
        console.print(counts)
    print_changes(console, result.changes)
    if result.data_version:
        console.print(f"data version: {result.data_version}")
    style = "green" if result.ok else "bold red"
    console.print(f"[{style}]{result.outcome}[/]: {escape(result.message)}")


def print_problems(console: Console, problems: list[Problem], report=None) -> None:
    if not problems:
        return
    n_err = len(errors(problems))
    console.print(f"[bold]{n_err} error(s), {len(problems) - n_err} warning(s)[/]")
    # Errors first: they are what stops the publish.
    ordered = errors(problems) + [p for p in problems if p.severity != "error"]
    for p in ordered[:MAX_LISTED_PROBLEMS]:
        console.print(str(p), style="red" if p.severity == "error" else "yellow", markup=False)
    hidden = len(ordered) - MAX_LISTED_PROBLEMS
    if hidden > 0:
        console.print(f"… and {hidden} more", markup=False)
    if report:
        console.print(f"every problem, with file, row, field and reason: {report}", markup=False)


def print_changes(console: Console, changes) -> None:
    real = [c for c in changes if not c.empty]
    if not real:
        if changes:
            console.print("no changes against the published database")
        return
    console.print("[bold]Changes against the published database[/]")
    for c in real:
        console.print(
            f"{c.table}: +{len(c.added)} added, -{len(c.removed)} removed, ~{len(c.changed)} changed"
        )
        # Only the first few lines are ever made: a first publish adds millions of records.
        lines = itertools.chain(
            (f"  + {rid}" for rid in c.added),
            (f"  - {rid}" for rid in c.removed),
            (f"  ~ {rid}: {', '.join(fields)}" for rid, fields in c.changed.items()),
        )
        for line in itertools.islice(lines, MAX_LISTED_CHANGES):
            console.print(line, markup=False)
        total = len(c.added) + len(c.removed) + len(c.changed)
        if total > MAX_LISTED_CHANGES:
            console.print(f"  … and {total - MAX_LISTED_CHANGES} more", markup=False)


def print_check(console: Console, result) -> None:
    print_problems(console, result.problems)
    if not result.ok:
        console.print("[bold red]check failed[/]: fix the errors above (file, row, field, reason)")
        return
    dupes = result.suspected_duplicates
    console.print(
        f"[bold]Suspected duplicates: {len(dupes)}[/] (same country, dates within a few weeks)"
    )
    for _, r in dupes.iterrows():
        console.print(f"  {r.case_id_a} ~ {r.case_id_b} ({r.country_iso3}): {r.why}", markup=False)
    inc = result.suspected_duplicate_incidents
    console.print(f"[bold]Suspected duplicate incidents: {len(inc)}[/] (same kind and country)")
    for _, r in inc.iterrows():
        console.print(
            f"  {r.id_a} ~ {r.id_b} ({r.country_iso3}, {r.incident_type}): {r.why}", markup=False
        )
    print_source_quality(console, result)
    cov = result.coverage
    if not cov.empty:
        pivot = cov.pivot_table(
            index=["table", "country"],
            columns="year",
            values="records",
            fill_value=0,
            aggfunc="sum",
        )
        table = Table(title="Coverage: records by country and year", show_edge=False)
        table.add_column("table")
        table.add_column("country")
        for year in pivot.columns:
            table.add_column(str(year), justify="right")
        table.add_column("total", justify="right")
        for (tname, country), row in pivot.iterrows():
            table.add_row(
                tname, str(country), *[str(int(v)) if v else "" for v in row], str(int(row.sum()))
            )
        console.print(table)
    console.print("[green]check passed[/]")


def print_source_quality(console: Console, result) -> None:
    """The undated share of sources and the records whose strongest source is weak."""
    undated = result.undated_sources
    if undated is not None:
        console.print(
            f"[bold]Undated sources: {undated.undated} of {undated.total} "
            f"({undated.share:.0%})[/] (issue #12 target: at most 15 %)"
        )
    weak = result.weak_best_source
    console.print(
        f"[bold]Records whose strongest source is a reprint, aggregator or partisan outlet: "
        f"{len(weak)}[/] (find the original report)"
    )
    for _, r in weak.iterrows():
        console.print(f"  {r.record_id} ({r.best_kind}): {r.outlets}", markup=False)


def feed_printer(console: Console) -> Callable:
    """One line per feed as it is read: ok or the reason it failed."""

    def show(r) -> None:
        mark = "[green]ok[/]  " if r.ok else "[bold red]FAIL[/]"
        console.print(f"  {mark} {r.feed.id:<12} ", end="")
        detail = f"{r.message}; {r.kept} on topic" if r.ok else r.message
        console.print(f"{detail}  ({r.feed.url})", markup=False, highlight=False)

    return show


def print_discover(console: Console, result) -> None:
    failed = [r for r in result.feeds if not r.ok]
    console.print(
        f"{len(result.feeds) - len(failed)} of {len(result.feeds)} feeds read; "
        f"{result.new} new items queued, {result.cited} already cited; "
        f"{result.queued} in the review queue: {result.queue}",
        markup=False,
    )
    if failed:
        console.print(
            f"[bold red]{len(failed)} feed(s) failed[/]: {', '.join(r.feed.id for r in failed)}"
        )
