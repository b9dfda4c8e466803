"""The mock itself keeps the contract the checker checks: no false positives, in either dialect."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness import run_split
from test_reference import failures

from mockserver.conformance import CheckConfig, run
from mockserver.server import BackgroundServer
from mockserver.settings import Settings

SANDBOX = "e7847229c547d8"


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    with BackgroundServer(Settings(reload=False, log_level="warning")) as running:
        yield running.url


@pytest.fixture(scope="module")
def data_only_mock() -> Iterator[str]:
    settings = Settings(reload=False, log_level="warning", sse_dialect="data-only")
    with BackgroundServer(settings) as running:
        yield running.url


@pytest.mark.slow
def test_the_mock_passes_every_check(mock: str) -> None:
    results = run_split(CheckConfig(mock, SANDBOX, max_examples=5, seed=3))
    assert failures(results) == []
    assert all(result.status == "passed" for result in results), results


#: Every check that reads a stream.
STREAM_CHECKS = (
    "schema_valid_stream",
    "sse_equals_json",
    "sse_incremental",
    "accept_negotiation",
    "sse_request_errors_json",
    "unrunnable_input",
    "background_answers_at_once",
    "timeout_kills",
)


@pytest.mark.slow
def test_the_data_only_mock_passes_when_checked_in_its_dialect(data_only_mock: str) -> None:
    config = CheckConfig(
        data_only_mock, SANDBOX, max_examples=5, seed=3, sse_dialect="data-only",
        select=STREAM_CHECKS,
    )  # fmt: skip
    results = run_split(config)
    assert failures(results) == []
    assert sorted(result.name for result in results) == sorted(STREAM_CHECKS)


def test_the_data_only_mock_checked_in_the_default_dialect_breaks_its_framing(
    data_only_mock: str,
) -> None:
    finished = run(
        CheckConfig(data_only_mock, SANDBOX, max_examples=3, select=("sse_equals_json",))
    )
    (result,) = finished.results
    assert result.violation is not None and "no start event" in result.violation.actual


def test_the_quick_profile_skips_the_slow_checks_and_says_which(mock: str) -> None:
    config = CheckConfig(
        mock, SANDBOX, profile="quick", max_examples=2,
        select=("exit_codes", "timeout_kills", "sse_incremental"),
    )  # fmt: skip
    finished = run(config)
    assert finished.exit_code == 0
    statuses = {result.name: (result.status, result.reason) for result in finished.results}
    assert statuses["exit_codes"] == ("passed", None)
    for slow in ("timeout_kills", "sse_incremental"):
        assert statuses[slow] == ("skipped", "slow: not run by --profile quick")
