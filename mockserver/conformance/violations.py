"""A violation of the contract: what it expects, what came back, and the request to replay."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockserver.conformance.exchange import ProbeRequest


@dataclass(frozen=True, slots=True)
class Violation:
    """One finding. ``check`` names the check that failed (a property or a Schemathesis check)."""

    check: str
    expected: str
    actual: str
    request: ProbeRequest | None
    #: The contract section the expectation comes from ("2", "4", ...).
    section: str = ""
    #: Requests sent before ``request`` that set the scene (a file written, an env value set).
    preceding: tuple[ProbeRequest, ...] = ()
    #: The failure did not reproduce when Hypothesis replayed it.
    flaky: bool = False
    #: Further failing checks seen on the same request.
    also: tuple[str, ...] = field(default=())

    @property
    def curl(self) -> str | None:
        return self.request.curl() if self.request is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "section": self.section,
            "expected": self.expected,
            "actual": self.actual,
            "request": self.request.to_dict() if self.request is not None else None,
            "preceding": [request.to_dict() for request in self.preceding],
            "flaky": self.flaky,
            "also": list(self.also),
        }


class ContractViolation(AssertionError):
    """Raised inside a property when the target breaks the contract; Hypothesis shrinks on it."""

    def __init__(
        self,
        expected: str,
        actual: str,
        request: ProbeRequest | None,
        *,
        check: str = "",
        section: str = "",
        preceding: tuple[ProbeRequest, ...] = (),
        also: tuple[str, ...] = (),
    ) -> None:
        super().__init__(f"expected {expected}; got {actual}")
        self.expected = expected
        self.actual = actual
        self.request = request
        self.check = check
        self.section = section
        self.preceding = preceding
        self.also = also

    def to_violation(self, check: str, *, flaky: bool = False) -> Violation:
        return Violation(
            check=f"{check}/{self.check}" if self.check else check,
            expected=self.expected,
            actual=self.actual,
            request=self.request,
            section=self.section,
            preceding=self.preceding,
            flaky=flaky,
            also=self.also,
        )


class NoAnswer(ContractViolation):
    """The target did not answer a request (connection dropped, refused, or too slow)."""

    #: The connection was refused: the target is gone, which is not a violation of the contract.
    refused: bool = False

    def __init__(
        self, expected: str, actual: str, request: ProbeRequest | None, *, timed_out: bool = False
    ) -> None:
        super().__init__(expected, actual, request)
        #: No answer came within the time limit (rather than a broken one).
        self.timed_out = timed_out


class Refused(NoAnswer):
    """Nothing accepts connections any more at the base URL."""

    refused = True


class Inconclusive(Exception):
    """A generated case could not be judged (a random command still running at the read limit)."""
