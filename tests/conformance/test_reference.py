"""The checker passes correct backends: the reference one, and one with every tolerated variant."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from harness import ServerFactory, run_split
from reference_backend import SANDBOX_ID, TOLERANCES, RunningServer

from mockserver.conformance import CheckConfig, CheckFinished, RunFinished, run


def failures(results: RunFinished | Iterable[CheckFinished]) -> list[str]:
    items = results.results if isinstance(results, RunFinished) else results
    return [
        f"{result.name}: {result.status}: {result.violation or result.reason}"
        for result in items
        if result.status in ("failed", "error")
    ]


@pytest.mark.slow
def test_reference_backend_is_conformant(reference: RunningServer) -> None:
    results = run_split(CheckConfig(reference.base_url, SANDBOX_ID, max_examples=5, seed=7))
    assert failures(results) == []
    assert [result.status for result in results] == ["passed"] * 30


def test_schema_profile_runs_only_the_schemathesis_suites(reference: RunningServer) -> None:
    finished = run(CheckConfig(reference.base_url, SANDBOX_ID, profile="schema", max_examples=15))
    assert failures(finished) == []
    assert [result.name for result in finished.results] == [
        "schema_valid_json",
        "schema_invalid_json",
        "schema_valid_stream",
    ]
    assert all(result.level == "schema" for result in finished.results)


#: The checks each tolerated variant touches (the contract's "tolerant" points).
TOLERANT_CHECKS = (
    "schema_valid_json",
    "schema_invalid_json",
    "schema_valid_stream",
    "unrunnable_input",
    "cwd_option",
    "timeout_kills",
    "background_answers_at_once",
    "sse_equals_json",
    "sse_incremental",
    "other_methods_405",
    "bad_input_400",
    "unknown_sandbox_404",
    "exit_codes",
)


@pytest.mark.slow
def test_every_tolerated_variant_is_accepted(serve: ServerFactory) -> None:
    server = serve(tolerances=TOLERANCES)
    config = CheckConfig(
        server.base_url, SANDBOX_ID, max_examples=8, seed=3, select=TOLERANT_CHECKS
    )
    results = run_split(config)
    assert failures(results) == []
    assert sorted(result.name for result in results if result.status == "passed") == sorted(
        TOLERANT_CHECKS
    )
