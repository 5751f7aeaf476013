"""CITATION.cff: how to cite the data, with the data version of the curated files it describes.

The repository's CITATION.cff (GitHub's "Cite this repository") and the one inside every
release are the same text, written here; they differ only in the version. The repository's
copy names the version of data/ as committed: `python -m etl citation` rewrites it after an
edit of data/ (make check and make refresh run it), and a test fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path

from etl import extract
from etl.settings import DATA_DIR, ROOT

REPOSITORY_FILE = ROOT / "CITATION.cff"
TEMPLATE = """\
cff-version: 1.2.0
message: >-
  If you use this data, cite it as "Central Asia Recruitment Monitor, data version
  {version}" (licensed CC BY 4.0). The data version is a hash of the curated input
  files: the same version always means the same records.
type: dataset
title: Central Asia Recruitment Monitor
version: "{version}"
license: CC-BY-4.0
authors:
  - name: Central Asia Recruitment Monitor
abstract: >-
  Court cases at home against Central Asian citizens who fought or recruited for
  Russia's war against Ukraine, recruitment incidents, figures stated by officials and
  others, and the laws used; every record traceable to the public sources it lists.
keywords:
  - Central Asia
  - recruitment
  - mercenarism
  - court cases
"""


def for_release(version: str) -> str:
    return TEMPLATE.format(version=version)


def data_version(data_dir: Path = DATA_DIR) -> str:
    """The version a refresh of data_dir would publish (the same hash: etl/refresh.py)."""
    from etl.refresh import data_version as version_of_checksums

    return version_of_checksums(extract.run(data_dir).checksums)


def stated_version(path: Path = REPOSITORY_FILE) -> str | None:
    """The version a CITATION.cff names, or None when it names none."""
    if not path.exists():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("version:"):
            return line.split(":", 1)[1].strip().strip("\"'")
    return None


def write(path: Path = REPOSITORY_FILE, data_dir: Path = DATA_DIR) -> bool:
    """Rewrite the file for the data as it is now; True when it changed."""
    text = for_release(data_version(data_dir))
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
