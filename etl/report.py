"""How the ETL's results are printed for a maintainer: summaries, problems, diffs."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from etl.problems import Problem, errors

MAX_LISTED_CHANGES = 20
MAX_LISTED_PER_RULE = 20


def print_refresh(console: Console, result) -> None:
    print_problems(console, result.problems)
    counts = Table(title="Records in and out", show_edge=False)
    counts.add_column("table")
    counts.add_column("rows in", justify="right")
    counts.add_column("rows published", justify="right")
    names = sorted(set(result.row_counts_in) | set(result.row_counts_out))
    for name in names:
        counts.add_row(
            name, str(result.row_counts_in.get(name, "")), str(result.row_counts_out.get(name, ""))
        )
    if names:
        console.print(counts)
    print_changes(console, result.changes)
    if result.data_version:
        console.print(f"data version: {result.data_version}")
    style = "green" if result.ok else "bold red"
    console.print(f"[{style}]{result.outcome}[/]: {result.message}")


def print_problems(console: Console, problems: list[Problem]) -> None:
    """Every problem, except that one rule broken in one column is listed at most
    MAX_LISTED_PER_RULE times: fifty thousand identical lines help nobody (and take seconds)."""
    if not problems:
        return
    n_err = len(errors(problems))
    console.print(f"[bold]{n_err} error(s), {len(problems) - n_err} warning(s)[/]")
    shown: Counter[tuple[str, str, str, str]] = Counter()
    for p in problems:
        rule = (p.severity, p.file, p.field, p.reason.split(" (got ")[0])
        shown[rule] += 1
        if shown[rule] <= MAX_LISTED_PER_RULE:
            console.print(str(p), style="red" if p.severity == "error" else "yellow", markup=False)
    for (severity, file, field, reason), count in shown.items():
        if count > MAX_LISTED_PER_RULE:
            where = f"{file}, field '{field}'" if field else file
            console.print(
                f"  … and {count - MAX_LISTED_PER_RULE} more {severity}s in {where}: {reason}",
                style="red" if severity == "error" else "yellow",
                markup=False,
            )


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
        for rid in c.added[:MAX_LISTED_CHANGES]:
            console.print(f"  + {rid}", markup=False)
        for rid in c.removed[:MAX_LISTED_CHANGES]:
            console.print(f"  - {rid}", markup=False)
        for rid, fields in list(c.changed.items())[:MAX_LISTED_CHANGES]:
            console.print(f"  ~ {rid}: {', '.join(fields)}", markup=False)
        hidden = len(c.added) + len(c.removed) + len(c.changed) - 3 * MAX_LISTED_CHANGES
        if hidden > 0:
            console.print(f"  … and up to {hidden} more")


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
