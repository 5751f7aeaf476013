"""`etl check` at scale: time and peak memory of the maintainer's check on 20k and 100k cases.

Issue #16: the duplicate search self-joined each country and ran out of memory at 20k
cases. Each size runs in its own process (so its peak resident memory is its own), on
synthetic data written at run time into the bench's temporary folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench import figures
from testkit import synthetic

SIZES = {"20k": 20_000, "100k": 100_000}
QUICK_SIZES = {"20k": 20_000}
# Run in the child: the check itself, then what it found and its own peak memory.
CHILD = """
import json, resource, sys, time
from pathlib import Path
from etl import check
started = time.perf_counter()
result = check.run(Path(sys.argv[1]))
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "ok": result.ok,
    "case_pairs": len(result.suspected_duplicates),
    "incident_pairs": len(result.suspected_duplicate_incidents),
}))
"""


def measure(figs: figures.Figures, work: Path, sizes: dict[str, int] = SIZES) -> None:
    for label, n in sizes.items():
        folder = work / f"check-{label}"
        synthetic.write(folder, n)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder)],
            capture_output=True,
            text=True,
            timeout=1800,
            cwd=Path(__file__).resolve().parent.parent,
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            figs.failed(f"etl check on {label}: {done.stderr.strip().splitlines()[-1:]}")
            continue
        found = json.loads(done.stdout.strip().splitlines()[-1])
        figs.add(f"check.{label}.seconds", found["seconds"], "s")
        figs.add(f"check.{label}.process_seconds", wall, "s")
        figs.add(f"check.{label}.peak_memory", found["peak_mb"], "MB")
        figs.add(f"check.{label}.suspected_case_pairs", found["case_pairs"])
        figs.add(f"check.{label}.suspected_incident_pairs", found["incident_pairs"])
        if not found["ok"]:
            figs.failed(f"etl check on {label}: the synthetic data has errors")


if __name__ == "__main__":  # python -m bench.check_scale [work folder]
    import tempfile

    out = figures.Figures()
    with tempfile.TemporaryDirectory(prefix="monitor-check-") as tmp:
        measure(out, Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp))
    sys.exit(1 if out.failures else 0)
