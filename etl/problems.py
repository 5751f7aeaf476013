"""The Problem record: one thing wrong with the input, located by file, row and field."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """Row numbers count the header as row 1, as a spreadsheet shows them; 0 = the whole file."""

    file: str
    row: int
    field: str
    reason: str
    severity: str = "error"  # error blocks publishing; warning is reported only
    record_id: str = ""

    def __str__(self) -> str:
        where = self.file if self.row == 0 else f"{self.file}, row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        if self.record_id:
            where += f" ({self.record_id})"
        return f"{self.severity.upper()}: {where}: {self.reason}"

    def as_dict(self) -> dict:
        return asdict(self)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
