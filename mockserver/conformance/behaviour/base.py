"""What a behaviour property is, and the context it runs in."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import hypothesis
from hypothesis import HealthCheck, Phase, Verbosity

from mockserver.conformance import strategies
from mockserver.conformance.behaviour import expect
from mockserver.conformance.target import CheckTimeUp, Target

F = TypeVar("F", bound=Callable[..., None])


class Skip(Exception):
    """The property cannot be judged on this target (say: no writable directory); not a failure."""


@dataclass(frozen=True, slots=True)
class Property:
    """One behaviour the contract promises, checked against the live target."""

    name: str
    section: str
    summary: str
    run: Callable[[PropertyContext], None]
    #: Examples at the default budget; ``--max-examples`` replaces it (caps it when ``slow``).
    examples: int = 20
    #: Each example takes seconds (sleeps, timeouts): the budget is never raised.
    slow: bool = False

    def budget(self, max_examples: int | None) -> int:
        if max_examples is None:
            return self.examples
        return min(max_examples, self.examples) if self.slow else max(1, max_examples)


def behaviour(
    name: str, *, section: str, summary: str, examples: int = 20, slow: bool = False
) -> Callable[[Callable[[PropertyContext], None]], Property]:
    def wrap(run: Callable[[PropertyContext], None]) -> Property:
        return Property(name, section, summary, run, examples, slow)

    return wrap


class ShrinkBudget:
    """Bounds the time spent shrinking a failure: every shrink step is a live request.

    Once the budget is spent, examples not seen failing pass at once (Hypothesis keeps the
    smallest failure found so far) and the ones that failed fail again without a request, so the
    final replay reports exactly what the target answered.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._first_failure: float | None = None
        self._failures: dict[str, BaseException] = {}
        self._out_of_time = False

    def spent(self) -> bool:
        if self._first_failure is None:
            return False
        return self._out_of_time or time.monotonic() - self._first_failure > self.seconds

    def guard(self, test: F) -> F:
        @functools.wraps(test)
        def bounded(*args: Any, **kwargs: Any) -> None:
            key = repr((args, sorted(kwargs.items())))
            if self.spent():
                if key in self._failures:
                    raise self._failures[key]
                return
            try:
                test(*args, **kwargs)
            except CheckTimeUp:
                if self._first_failure is None:
                    raise
                # The check's time ran out while shrinking: keep the failure already found.
                self._out_of_time = True
                return
            except Exception as error:
                if self._first_failure is None:
                    self._first_failure = time.monotonic()
                self._failures[key] = error
                raise

        return cast(F, bounded)


@dataclass
class PropertyContext:
    """The target, the example budget and the scratch space one property run may use."""

    target: Target
    examples: int
    seed: int | None = None
    #: An absolute directory on the target the checker may write to, or None when it has none.
    scratch: str | None = None
    notes: list[str] = field(default_factory=list)
    #: Seconds Hypothesis may spend shrinking a failure against the target.
    shrink_seconds: float = 30.0
    #: Why the scratch directory is gone, when an earlier check lost it.
    scratch_lost: str | None = None

    def given(
        self, *strategies: Any, examples: Sequence[tuple[Any, ...]] = ()
    ) -> Callable[[F], Callable[[], None]]:
        """``hypothesis.given`` with the run's budget, seed and quiet reporting."""

        def decorate(test: F) -> Callable[[], None]:
            bounded = ShrinkBudget(self.shrink_seconds).guard(test)
            wrapped: Any = hypothesis.given(*strategies)(bounded)  # type: ignore[no-untyped-call]
            for example in reversed(examples):
                wrapped = hypothesis.example(*example)(wrapped)
            wrapped = hypothesis.settings(
                max_examples=self.examples,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                report_multiple_bugs=False,
                verbosity=Verbosity.quiet,
                phases=(Phase.explicit, Phase.generate, Phase.shrink),
            )(wrapped)
            if self.seed is not None:
                wrapped = hypothesis.seed(self.seed)(wrapped)
            result: Callable[[], None] = wrapped
            return result

        return decorate

    def need_scratch(self) -> str:
        if self.scratch_lost is not None:
            raise Skip(self.scratch_lost)
        if self.scratch is None:
            raise Skip(
                "the target has no writable scratch directory (under /tmp or the default cwd)"
            )
        return self.scratch

    def read_file(self, path: str) -> str:
        """What a file on the target holds; empty while it does not exist."""
        probe = self.target.exec(
            {"command": f"cat {strategies.shell_quote(path)} 2>/dev/null; true"}
        )
        return str(expect.exec_result(probe)["stdout"])

    def file_comes_to_hold(self, path: str, content: str, seconds: float) -> bool:
        """Whether a file on the target holds ``content`` within ``seconds`` (re-read until so)."""
        deadline = time.monotonic() + seconds
        while True:
            if self.read_file(path) == content:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.3)
