"""Allow `python -m etl`."""

from etl.cli import app

app()
