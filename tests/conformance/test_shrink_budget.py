"""Shrinking against a live target is bounded in time, and still reports a real failure."""

from __future__ import annotations

import time

import pytest
from hypothesis import strategies as st

from mockserver.conformance.behaviour.base import PropertyContext
from mockserver.conformance.violations import ContractViolation


def failing_property(ctx: PropertyContext, calls: list[int], delay: float) -> None:
    @ctx.given(st.integers(0, 10**6), st.text())
    def test(number: int, _: str) -> None:
        calls.append(number)
        time.sleep(delay)
        if number > 1000:
            raise ContractViolation("at most 1000", str(number), None)

    test()


def test_unbounded_shrinking_finds_the_boundary() -> None:
    calls: list[int] = []
    with pytest.raises(ContractViolation) as caught:
        failing_property(PropertyContext(None, 100, seed=1), calls, 0.0)  # type: ignore[arg-type]
    assert caught.value.actual == "1001"


def test_a_spent_budget_stops_shrinking_and_replays_a_seen_failure() -> None:
    calls: list[int] = []
    ctx = PropertyContext(None, 100, seed=1, shrink_seconds=0.2)  # type: ignore[arg-type]
    started = time.monotonic()
    with pytest.raises(ContractViolation) as caught:
        failing_property(ctx, calls, 0.02)
    assert time.monotonic() - started < 10
    assert int(caught.value.actual) > 1000
    assert int(caught.value.actual) in calls, "the reported failure is one the target gave"
