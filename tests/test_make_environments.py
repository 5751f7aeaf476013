"""`make run` installs only the run-time packages, `make test` everything, in one checkout.

Each target keeps its own marker and removes the other's, so after `make run` a `make test`
syncs the development packages back (and the reverse); checked with `make -n` (nothing runs).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def checkout(tmp_path) -> Path:
    for name in ("Makefile", "pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").mkdir()
    return tmp_path


def dry_run(folder: Path, target: str) -> str:
    done = subprocess.run(
        ["make", "-n", target], cwd=folder, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_run_syncs_without_the_development_packages(checkout):
    plan = dry_run(checkout, "env-run")
    assert "uv sync --frozen --no-dev" in plan
    assert "rm -f .venv/.synced\n" in plan


def test_test_syncs_everything_after_a_run(checkout):
    (checkout / ".venv" / ".synced-run").touch()
    plan = dry_run(checkout, "env")
    assert "uv sync --frozen\n" in plan and "--no-dev" not in plan
    assert "rm -f .venv/.synced-run" in plan


def test_run_syncs_again_after_a_test(checkout):
    (checkout / ".venv" / ".synced").touch()
    assert "uv sync --frozen --no-dev" in dry_run(checkout, "env-run")


def test_a_synced_environment_is_not_synced_twice(checkout):
    (checkout / ".venv" / ".synced").touch()
    assert "uv sync" not in dry_run(checkout, "env")


def test_make_run_serves_from_the_run_time_environment():
    makefile = (ROOT / "Makefile").read_text()
    run = next(line for line in makefile.splitlines() if line.startswith("run:"))
    assert "env-run" in run.split("##")[0] and " env " not in run.split("##")[0] + " "
    test = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert " env " in test.split("##")[0] + " "
