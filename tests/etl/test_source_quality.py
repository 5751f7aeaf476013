"""etl check's sourcing report: the undated share of sources, records with only weak sources."""

from __future__ import annotations

from monitor_fixtures import case, incident, outlet, source, write_dataset

from etl import check


def test_the_check_counts_undated_sources_and_names_records_whose_best_source_is_weak(tmp_path):
    folder = write_dataset(
        tmp_path,
        cases=[case(1, source_ids="S-0001;S-0002"), case(2, source_ids="S-0003")],
        incidents=[incident(4, source_ids="S-0004")],
        sources=[
            source(1, outlet_id="reprints"),
            source(2, outlet_id="agency", published_date=""),
            source(3, outlet_id="reprints", published_date=""),
            source(4, outlet_id="partisan", published_date=""),
        ],
        outlets=[
            outlet("agency", name="Agency", kind="wire_agency"),
            outlet("partisan", name="Partisan", kind="partisan_outlet"),
            outlet("reprints", name="Reprints", kind="aggregator_reprint"),
        ],
    )
    result = check.run(folder)
    assert result.ok, [str(p) for p in result.problems]
    assert (result.undated_sources.undated, result.undated_sources.total) == (3, 4)
    assert result.undated_sources.share == 0.75
    weak = result.weak_best_source
    # C-0001 cites a wire agency as well: its strongest source is not weak.
    assert weak.to_dict("records") == [
        {"record_type": "cases", "record_id": "C-0002", "best_kind": "aggregator_reprint",
         "outlets": "Reprints"},
        {"record_type": "incidents", "record_id": "I-0004", "best_kind": "partisan_outlet",
         "outlets": "Partisan"},
    ]  # fmt: skip


def test_the_check_prints_both_figures(tmp_path, capsys):
    from rich.console import Console

    from etl import report

    folder = write_dataset(tmp_path, outlets=[outlet(kind="aggregator_reprint")])
    console = Console(width=200, force_terminal=False)
    report.print_check(console, check.run(folder))
    out = capsys.readouterr().out
    assert "Undated sources: 0 of 5 (0%)" in out
    assert "Records whose strongest source is a reprint, aggregator or partisan outlet: 5" in out
    assert "  C-0001 (aggregator_reprint): SYNTHETIC TEST DATA outlet" in out
