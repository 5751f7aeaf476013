"""What the tests and the benchmarks share: synthetic data, the dashboard's server, Chromium.

Neither imports the other: tests/ and bench/ both import this package (issue #13), so a
test never depends on a benchmark module and a benchmark measures what the tests drive.
"""
