"""Benchmarks: speed and memory figures of the ETL and the dashboard. Run `python -m bench`."""
