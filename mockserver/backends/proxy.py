"""``mockserver proxy``: live traffic judged against the contract as it passes.

Every exchange that goes through the forwarding proxy is judged by the checker's own
:func:`~mockserver.conformance.judge.judge_exchange` (the spec's schemas, ``success == (exitCode
== 0)``, the Error schema, SSE framing and order, ...). Each violation is printed the moment the
exchange ends; on exit the reports are written, one test case per exchange, in the formats
``mockserver check`` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mockserver.backends.forward import Passed
from mockserver.conformance.config import EXIT_CONFORMANT, EXIT_VIOLATIONS
from mockserver.conformance.dialects import TERMINAL_EVENTS, dialect
from mockserver.conformance.events import CheckFinished, RunFinished, RunStarted
from mockserver.conformance.judge import Exchange, judge
from mockserver.conformance.reporters import json_report, junit
from mockserver.conformance.violations import Violation

Echo = Callable[[str], None]
#: Seconds a stream may stay open after its terminal event before it counts as kept open.
KEPT_OPEN_GRACE = 1.0


def violations_of(passed: Passed, sse_dialect: str = "default") -> list[Violation]:
    """What the contract says of one exchange that went through."""
    if passed.status is None:
        return [
            Violation(
                check="no_answer",
                expected="an HTTP answer",
                actual=f"none: {passed.failure}",
                request=passed.request,
                section="2",
            )
        ]
    exchange = Exchange.of(
        passed.request,
        passed.status,
        passed.headers,
        passed.body,
        events=passed.events if passed.media_type == "text/event-stream" else None,
        ended_by_server=passed.ending in ("finished", "broken"),
        trailing=passed.trailing,
        sse_dialect=sse_dialect,
        kept_open=_kept_open(passed, sse_dialect),
    )
    return judge(exchange)


def _kept_open(passed: Passed, sse_dialect: str) -> bool:
    """Whether a stream was still open KEPT_OPEN_GRACE after its terminal event, when the client
    left or the proxy stopped (a backend that never closes its streams)."""
    if passed.ending not in ("stopped", "client left") or not passed.events:
        return False
    events = dialect(sse_dialect).canonical(passed.events)
    if not any(event.event in TERMINAL_EVENTS for event in events):
        return False
    return passed.elapsed - passed.opened - passed.events[-1].arrived > KEPT_OPEN_GRACE


class Judge:
    """The observer of the validating proxy: judges, prints, and keeps one result per exchange."""

    def __init__(self, target: str, echo: Echo, *, sse_dialect: str = "default") -> None:
        self.target = target
        self.echo = echo
        self.sse_dialect = sse_dialect
        self.results: list[CheckFinished] = []

    @property
    def exit_code(self) -> int:
        failed = any(result.status == "failed" for result in self.results)
        return EXIT_VIOLATIONS if failed else EXIT_CONFORMANT

    def __call__(self, passed: Passed) -> None:
        number = len(self.results) + 1
        name = f"#{number} {passed.request.method} {passed.path}"
        found = violations_of(passed, self.sse_dialect)
        status = passed.status if passed.status is not None else "no answer"
        ending = "" if passed.ending == "finished" else f" ({passed.ending})"
        verdict = f"{len(found)} violation{'s' if len(found) != 1 else ''}" if found else "ok"
        self.echo(f"{name} -> {status}{ending}: {verdict}")
        for violation in found:
            self._print(violation)
        first = found[0] if found else None
        if first is not None and len(found) > 1:
            others = tuple(f"{v.check}: {v.actual}" for v in found[1:])
            first = Violation(
                first.check, first.expected, first.actual, first.request, first.section, also=others
            )
        self.results.append(
            CheckFinished(
                name=name,
                summary=passed.request.body_preview(120),
                section=first.section if first else "",
                level="schema",
                status="failed" if first else "passed",
                elapsed=passed.elapsed,
                examples=1,
                violation=first,
            )
        )

    def _print(self, violation: Violation) -> None:
        section = f" (contract section {violation.section})" if violation.section else ""
        self.echo(f"  VIOLATION {violation.check}{section}")
        self.echo(f"    expected: {violation.expected}")
        got = violation.actual.replace("\n", "\n              ")
        self.echo(f"    got:      {got}")
        if violation.curl:
            self.echo(f"    replay:   {violation.curl}")

    def finish(self, elapsed: float, report: Path | None, junit_xml: Path | None) -> int:
        """Write the reports, say the verdict, and return the exit status."""
        started = RunStarted(self.target, "(any)", "proxy", (), None)
        finished = RunFinished(tuple(self.results), elapsed, self.exit_code)
        for reporter in (
            json_report.JsonReporter(report) if report is not None else None,
            junit.JUnitReporter(junit_xml) if junit_xml is not None else None,
        ):
            if reporter is not None:
                reporter(started)
                reporter(finished)
        failed = finished.count("failed")
        self.echo(
            f"judged {len(self.results)} exchanges: "
            + (f"{failed} violated the contract (exit 1)" if failed else "all kept it (exit 0)")
        )
        return self.exit_code
