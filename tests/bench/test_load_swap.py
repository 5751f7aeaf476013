"""The running app under light websocket clients while refreshes swap the database (bench/load_swap.py)."""

from __future__ import annotations

from bench import load_swap


def test_sessions_applying_filters_through_repeated_swaps_see_no_error(tmp_path):
    """The running app (one streamlit server) under light websocket clients, as in bench/."""
    report = load_swap.measure(sessions=4, rounds=4, swaps=3, size=60, pause=0.2, workdir=tmp_path)
    assert report.errors == []
    assert len(report.swaps) == 3 and all(rc == 0 for _, rc, _ in report.swaps)
    assert report.final_ok == 4, report.lines()
    assert len(report.runs) >= 4 * 5
