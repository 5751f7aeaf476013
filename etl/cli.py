"""Command line: a thin shell over the ETL library. Run `python -m etl --help`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from etl import check as check_step
from etl import citation as citation_step
from etl import discover as discover_step
from etl import docs as docs_step
from etl import refresh as refresh_step
from etl import report
from etl.settings import DATA_DIR, db_path, review_queue

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
# emoji=False: a value quoted in a message (":fire:") is shown as typed, never as an emoji.
console = Console(stderr=False, highlight=False, soft_wrap=True, emoji=False)

DataOpt = typer.Option(DATA_DIR, "--data", help="Folder of curated CSV files.")
DbOpt = typer.Option(
    None, "--db", help="Published database (default: $MONITOR_DB or build/monitor.duckdb)."
)

FeedsOpt = typer.Option(discover_step.FEEDS, "--feeds", help="Outlets' feeds (TOML).")
RulesOpt = typer.Option(discover_step.RULES, "--rules", help="Topic rules (TOML).")
QueueOpt = typer.Option(
    None, "--queue", help="Review queue (default: review_queue.csv beside the database)."
)


@app.command()
def refresh(
    data: Path = DataOpt,
    db: Path | None = DbOpt,
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would change; publish nothing."
    ),
    allow_removal: bool = typer.Option(
        False,
        "--allow-removal",
        help="Publish although a file that had records is missing or empty (deletes them).",
    ),
) -> None:
    """Build the published database from the curated files.

    Example: python -m etl refresh --data data --db build/monitor.duckdb
    """
    target = db_path(db)
    console.print(f"refresh {data} -> {target}{' (dry run)' if dry_run else ''}", markup=False)
    result = refresh_step.run(
        data, target, dry_run, progress=report.stage_printer(console), allow_removal=allow_removal
    )
    report.print_refresh(console, result)
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def check(data: Path = DataOpt) -> None:
    """Validate the curated files and list suspected duplicates and coverage; publishes nothing.

    Example: python -m etl check --data data
    """
    result = check_step.run(data)
    report.print_check(console, result)
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def discover(
    data: Path = DataOpt,
    feeds: Path = FeedsOpt,
    rules: Path = RulesOpt,
    queue: Path | None = QueueOpt,
    timeout: float = typer.Option(discover_step.TIMEOUT_S, "--timeout", help="Seconds per feed."),
) -> None:
    """Read the outlets' feeds and queue items on the topic that no source cites yet.

    Exit code 1 when a feed failed (the others are still read and queued).
    Example: python -m etl discover --queue build/review_queue.csv
    """
    target = queue or review_queue(db_path())
    try:
        result = discover_step.run(
            target,
            data / "sources.csv",
            feeds,
            rules,
            timeout,
            progress=report.feed_printer(console),
        )
    except discover_step.ConfigError as exc:
        console.print(f"[bold red]configuration error[/]: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    report.print_discover(console, result)
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def docs(data: Path = DataOpt) -> None:
    """Regenerate the data dictionary in data/README.md from the contract (etl/contract.py).

    Example: python -m etl docs
    """
    changed = docs_step.render_into(data / "README.md")
    console.print("data/README.md updated" if changed else "data/README.md already up to date")


@app.command()
def citation(data: Path = DataOpt) -> None:
    """Write the data version of the curated files into CITATION.cff (after editing data/).

    Example: python -m etl citation
    """
    changed = citation_step.write(data_dir=data)
    console.print("CITATION.cff updated" if changed else "CITATION.cff already up to date")


if __name__ == "__main__":  # pragma: no cover
    app()
