"""What a behaviour property is, and the context it runs in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import hypothesis
from hypothesis import HealthCheck, Phase, Verbosity

from mockserver.conformance.target import Target

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


@dataclass
class PropertyContext:
    """The target, the example budget and the scratch space one property run may use."""

    target: Target
    examples: int
    seed: int | None = None
    #: An absolute directory on the target the checker may write to, or None when it has none.
    scratch: str | None = None
    notes: list[str] = field(default_factory=list)

    def given(
        self, *strategies: Any, examples: Sequence[tuple[Any, ...]] = ()
    ) -> Callable[[F], Callable[[], None]]:
        """``hypothesis.given`` with the run's budget, seed and quiet reporting."""

        def decorate(test: F) -> Callable[[], None]:
            wrapped: Any = hypothesis.given(*strategies)(test)  # type: ignore[no-untyped-call]
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
        if self.scratch is None:
            raise Skip("the target has no writable scratch directory under /tmp")
        return self.scratch
