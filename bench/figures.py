"""How the benchmark reports: one figure per line, `name: value unit`, and the machine it ran on.

Every figure is printed the moment it is measured (a long run shows progress) and kept,
so that ratios between two figures of the same run can be printed beside them.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
from dataclasses import dataclass, field


@dataclass
class Figures:
    out: object = None  # a file; None = sys.stdout at the time of printing
    values: dict[str, tuple[float, str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # sections that could not be measured

    def add(self, name: str, value: float | int | str, unit: str = "") -> None:
        """Print `name: value unit` and remember the value for ratios."""
        if isinstance(value, float):
            shown = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
        else:
            shown = str(value)
        print(f"{name}: {shown} {unit}".rstrip(), file=self.out or sys.stdout, flush=True)
        if isinstance(value, int | float):
            self.values[name] = (float(value), unit)

    def ratio(self, name: str, numerator: str, denominator: str) -> None:
        """`name: a/b x`, when both figures were measured in this run."""
        if numerator in self.values and denominator in self.values:
            bottom = self.values[denominator][0]
            if bottom > 0:
                self.add(name, self.values[numerator][0] / bottom, "x")

    def note(self, text: str) -> None:
        """A line that is not a figure (a skipped section, a label): starts with '#'."""
        print(f"# {text}", file=self.out or sys.stdout, flush=True)

    def failed(self, text: str) -> None:
        """A section that could not be measured: said as a note, and the run exits non-zero."""
        self.failures.append(text)
        self.note(text)

    def percentiles(self, name: str, samples_ms: list[float]) -> None:
        """p50 and p95 of a list of milliseconds, with the sample count."""
        if not samples_ms:
            self.note(f"{name}: no samples")
            return
        self.add(f"{name}.p50", percentile(samples_ms, 50), "ms")
        self.add(f"{name}.p95", percentile(samples_ms, 95), "ms")
        self.add(f"{name}.n", len(samples_ms), "samples")


def percentile(samples: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), without numpy."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def machine() -> dict[str, str]:
    """What the figures depend on: CPU, cores, memory, OS, Python, load when measured."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")),
                cpu,
            )
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
        memory = f"{kib / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_1min": f"{load:.2f}",
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
