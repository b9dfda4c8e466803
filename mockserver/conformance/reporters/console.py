"""Console output: a line per check as it finishes, then every violation in full."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.status import Status

from mockserver.conformance.events import (
    CheckFinished,
    CheckStarted,
    Event,
    RunFinished,
    RunStarted,
)
from mockserver.conformance.violations import Violation

_MARKS = {
    "passed": "[green]PASS[/]",
    "failed": "[red]FAIL[/]",
    "skipped": "[yellow]SKIP[/]",
    "error": "[magenta]ERROR[/]",
}


class ConsoleReporter:
    def __init__(self, console: Console | None = None, *, verbose: bool = False) -> None:
        self.console = console or Console(highlight=False, soft_wrap=True)
        self.verbose = verbose
        self._status: Status | None = None
        self._total = 0
        self._done = 0

    def __call__(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            seed = (
                f", seed {event.seed} (replay: --seed {event.seed})"
                if event.seed is not None
                else ""
            )
            self.console.print(
                f"[bold]mockserver check[/] {escape(event.base_url)} sandbox "
                f"{escape(event.sandbox_id)}: profile {event.profile}, "
                f"{len(event.checks)} checks{seed}"
            )
        elif isinstance(event, CheckStarted):
            self._total = event.total
            if self.verbose:
                self.console.print(f"[dim]  {escape(event.name)}: {escape(event.summary)}[/]")
            if self.console.is_terminal:
                self._status = self.console.status(
                    f"[{event.index + 1}/{event.total}] {escape(event.name)}"
                )
                self._status.start()
        elif isinstance(event, CheckFinished):
            if self._status is not None:
                self._status.stop()
                self._status = None
            self._done += 1
            self._line(event)
        elif isinstance(event, RunFinished):
            self._summary(event)

    def _line(self, result: CheckFinished) -> None:
        extra = ""
        if result.status == "skipped" and result.reason:
            extra = f" [dim]({escape(result.reason)})[/]"
        if result.status == "failed" and result.violation is not None:
            extra = f" [red]{escape(result.violation.check)}[/]"
        width = len(str(self._total))
        self.console.print(
            f"  [dim]{self._done:>{width}}/{self._total}[/] {_MARKS[result.status]} "
            f"{escape(result.name):32} [dim]{result.elapsed:5.1f}s  §{result.section:2}[/]{extra}"
        )
        if result.status == "error" and result.reason:
            self.console.print(f"[magenta]{escape(result.reason)}[/]")
        for note in result.notes:
            self.console.print(f"       [dim]note: {escape(note)}[/]")

    def _summary(self, finished: RunFinished) -> None:
        for result in finished.results:
            if result.violation is not None:
                self._violation(result, result.violation)
        if finished.aborted:
            self.console.print(f"[bold red]stopped:[/] {escape(finished.aborted)}")
        counts = ", ".join(
            f"{finished.count(status)} {status}"
            for status in ("passed", "failed", "skipped", "error")
            if finished.count(status)
        )
        verdict = {0: "[green]conformant[/]", 1: "[red]violations found[/]"}.get(
            finished.exit_code, "[magenta]not checked[/]"
        )
        self.console.print(
            f"[bold]{verdict}[/] {counts or 'nothing run'} in {finished.elapsed:.1f}s "
            f"(exit {finished.exit_code})"
        )

    def _violation(self, result: CheckFinished, violation: Violation) -> None:
        section = f" (CONTRACT section {violation.section})" if violation.section else ""
        flaky = " [yellow](did not reproduce on replay)[/]" if violation.flaky else ""
        self.console.rule(f"[red]{escape(violation.check)}[/]{section}{flaky}", align="left")
        self.console.print(f"[bold]expected:[/] {escape(violation.expected)}")
        self.console.print(f"[bold]got:[/]      {escape(violation.actual)}")
        for other in violation.also:
            self.console.print(f"[bold]also:[/]     {escape(other)}")
        for step in violation.preceding:
            self.console.print(f"[bold]after:[/]    {escape(step.curl())}")
        if violation.request is not None:
            self.console.print(f"[bold]request:[/]  {escape(violation.request.body_preview())}")
            self.console.print(f"[bold]replay:[/]   {escape(violation.request.curl())}")
