"""Each single-defect variant of the reference backend is caught, by the check meant to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from reference_backend import DEFECTS, SANDBOX_ID, RunningServer

from mockserver.conformance import EXIT_VIOLATIONS, CheckConfig, run

#: Defects whose catching property needs seconds of sleeps to tell.
SLOW = {
    "timeout_ignored",
    "stdin_left_open",
    "background_waits",
    "disconnect_kills",
    "sse_buffered",
    "zero_timeout_kills",
}


def _params() -> list[object]:
    return [
        pytest.param(defect, check, id=defect, marks=[pytest.mark.slow] if defect in SLOW else [])
        for defect, check in DEFECTS.items()
    ]


@pytest.mark.parametrize(("defect", "check"), _params())
def test_defect_is_caught(
    defect_server: Callable[[str], RunningServer], defect: str, check: str
) -> None:
    server = defect_server(defect)
    finished = run(
        CheckConfig(server.base_url, SANDBOX_ID, max_examples=5, seed=11, select=(check,))
    )
    assert finished.exit_code == EXIT_VIOLATIONS, finished.results
    (result,) = finished.results
    assert result.status == "failed"
    violation = result.violation
    assert violation is not None and violation.check == check
    assert violation.expected and violation.actual
    assert violation.request is not None and violation.curl is not None
    assert violation.curl.startswith(("curl ", "printf "))


#: Defects the Schemathesis suites catch too, with the check that names them.
SCHEMA_CATCHES = {
    "exit_code_as_string": ("schema_valid_json", "response_schema_conformance"),
    "success_mismatch": ("schema_valid_json", "sandbox_success_matches_exit_code"),
    "error_problem_json": ("schema_invalid_json", "content_type_conformance"),
    "error_code_string": ("schema_invalid_json", "response_schema_conformance"),
    "crash_on_bad_input": ("schema_invalid_json", "not_a_server_error"),
    "negative_timeout_accepted": ("schema_invalid_json", "negative_data_rejection"),
    "sse_no_start": ("schema_valid_stream", "sandbox_sse_framing"),
    "sse_ids_from_zero": ("schema_valid_stream", "sandbox_sse_framing"),
    "sse_no_complete": ("schema_valid_stream", "sandbox_sse_framing"),
    "sse_multiline_data": ("schema_valid_stream", "sandbox_sse_framing"),
}


@pytest.mark.parametrize(
    ("defect", "suite", "check"), [(d, *sc) for d, sc in SCHEMA_CATCHES.items()]
)
def test_schema_suite_catches(
    defect_server: Callable[[str], RunningServer], defect: str, suite: str, check: str
) -> None:
    server = defect_server(defect)
    finished = run(
        CheckConfig(server.base_url, SANDBOX_ID, max_examples=25, seed=5, select=(suite,))
    )
    (result,) = finished.results
    assert result.violation is not None, result
    assert result.violation.check.startswith(f"{suite}/")
    named = [result.violation.check.split("/", 1)[1]] + [
        a.split(":")[0] for a in result.violation.also
    ]
    assert check in named, result.violation
