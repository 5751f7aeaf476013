"""The data changelog: each release's additions, changes and removals, from the refresh's diff."""

from __future__ import annotations

from test_feed import hand_release

from etl import addresses, changelog, refresh


def test_the_changelog_lists_what_each_release_added_changed_and_removed(tmp_path):
    text = changelog.markdown(changelog.entries(hand_release(tmp_path)))
    assert "## Data version `v2` (2026-12-01)" in text
    assert (
        "- **cases**: 1 added: `C-0001`; 1 changed: `C-0002` (`summary`, `court`); 1 removed: `C-0003`"
        in text
    )
    assert "- **sources**: 1 added: `S-0001`" in text


def test_a_long_list_is_cut_with_a_count(tmp_path):
    rows = [(f"S-{i:04d}", "") for i in range(25)]
    entry = changelog.Release("v1", "2026-01-01", "r", "f", {"sources": {"added": rows}})
    assert "25 added: `S-0000`" in changelog.markdown([entry])
    assert "`S-0019` and 5 more" in changelog.markdown([entry])


def test_a_refresh_writes_the_changelog_newest_release_first(dataset, tmp_path):
    db = tmp_path / "monitor.duckdb"
    first = refresh.run(dataset, db)
    cases = dataset / "cases.csv"
    cases.write_text(cases.read_text().replace("A.B.", "K.L.", 1))
    second = refresh.run(dataset, db)
    text = (addresses.release_dir(db) / "CHANGELOG.md").read_text()
    assert text.index(second.data_version) < text.index(first.data_version)
    assert "1 changed: `C-0001` (`defendant_initials`)" in text
    assert "3 added: `C-0001`, `C-0002`, `C-0003`" in text
    assert changelog.markdown([]).endswith("No release has been published yet.\n")
