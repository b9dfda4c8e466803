"""What a run reports as it goes: the runner emits these, reporters consume them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from mockserver.conformance.violations import Violation

Status = Literal["passed", "failed", "skipped", "error"]


@dataclass(frozen=True, slots=True)
class RunStarted:
    base_url: str
    sandbox_id: str
    profile: str
    checks: tuple[str, ...]
    seed: int | None


@dataclass(frozen=True, slots=True)
class CheckStarted:
    name: str
    summary: str
    index: int
    total: int


@dataclass(frozen=True, slots=True)
class CheckFinished:
    name: str
    summary: str
    section: str
    level: Literal["schema", "behaviour"]
    status: Status
    elapsed: float
    examples: int
    violation: Violation | None = None
    #: Why the check was skipped, or the error that stopped it.
    reason: str | None = None
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "summary": self.summary,
            "section": self.section,
            "level": self.level,
            "status": self.status,
            "elapsed": round(self.elapsed, 3),
            "examples": self.examples,
            "violation": self.violation.to_dict() if self.violation else None,
            "reason": self.reason,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class RunFinished:
    results: tuple[CheckFinished, ...]
    elapsed: float
    exit_code: int
    #: Why the run stopped before its end (the target unreachable, a usage error).
    aborted: str | None = None

    @property
    def violations(self) -> tuple[Violation, ...]:
        return tuple(r.violation for r in self.results if r.violation is not None)

    def count(self, status: Status) -> int:
        return sum(1 for result in self.results if result.status == status)


Event = RunStarted | CheckStarted | CheckFinished | RunFinished
