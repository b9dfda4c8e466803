"""Each single-defect variant of the reference backend is caught, by the check meant to."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from harness import SLOW_PROBES, ServerFactory
from reference_backend import DEFECTS, SANDBOX_ID, RunningServer

from mockserver.conformance import EXIT_VIOLATIONS, CheckConfig, RunFinished, run

#: Defects caught by a sleeping probe (no Hypothesis): checked side by side, in threads.
SLOW = {defect for defect, check in DEFECTS.items() if check in SLOW_PROBES}


def assert_caught(finished: RunFinished, check: str) -> None:
    assert finished.exit_code == EXIT_VIOLATIONS, finished.results
    (result,) = finished.results
    assert result.status == "failed"
    violation = result.violation
    assert violation is not None and violation.check == check
    assert violation.expected and violation.actual
    assert violation.request is not None and violation.curl is not None
    assert violation.curl.startswith(("curl ", "printf "))


def check_defect(server: RunningServer, check: str) -> RunFinished:
    # A stream that never ends is judged after 3 s here (20 s by default).
    config = CheckConfig(
        server.base_url, SANDBOX_ID, max_examples=5, seed=11, select=(check,), stream_time_limit=3
    )
    return run(config)


@pytest.mark.parametrize(
    ("defect", "check"), [(d, c) for d, c in DEFECTS.items() if d not in SLOW], ids=str
)
def test_defect_is_caught(
    defect_server: Callable[[str], RunningServer], defect: str, check: str
) -> None:
    assert_caught(check_defect(defect_server(defect), check), check)


@pytest.mark.slow
def test_defects_that_take_seconds_to_tell_are_caught(
    defect_server: Callable[[str], RunningServer],
) -> None:
    assert SLOW, "no defect is caught by a sleeping probe"
    servers = {defect: defect_server(defect) for defect in sorted(SLOW)}
    with ThreadPoolExecutor(max_workers=len(servers)) as pool:
        runs = {
            defect: pool.submit(check_defect, server, DEFECTS[defect])
            for defect, server in servers.items()
        }
        for defect, future in runs.items():
            assert_caught(future.result(), DEFECTS[defect])


#: Defects the Schemathesis suites catch too, with the check that names them. (A negative timeout
#: accepted is left out: random negative generation finds it only most of the time within a small
#: budget; the behaviour check ``bad_input_400`` catches it every time, tested above.)
SCHEMA_CATCHES = {
    "exit_code_as_string": ("schema_valid_json", "response_schema_conformance"),
    "success_mismatch": ("schema_valid_json", "sandbox_success_matches_exit_code"),
    "error_problem_json": ("schema_invalid_json", "content_type_conformance"),
    "error_code_string": ("schema_invalid_json", "response_schema_conformance"),
    "crash_on_bad_input": ("schema_invalid_json", "not_a_server_error"),
    "sse_no_start": ("schema_valid_stream", "sandbox_sse_framing"),
    "sse_ids_from_zero": ("schema_valid_stream", "sandbox_sse_framing"),
    "sse_no_complete": ("schema_valid_stream", "sandbox_sse_framing"),
    "sse_multiline_data": ("schema_valid_stream", "sandbox_sse_framing"),
    "sse_hangs": ("schema_valid_stream", ""),
}


@pytest.mark.parametrize(
    ("defect", "suite", "check"), [(d, *sc) for d, sc in SCHEMA_CATCHES.items()]
)
def test_schema_suite_catches(
    defect_server: Callable[[str], RunningServer], defect: str, suite: str, check: str
) -> None:
    server = defect_server(defect)
    config = CheckConfig(
        server.base_url, SANDBOX_ID, max_examples=25, seed=5, select=(suite,), stream_time_limit=1.5
    )
    (result,) = run(config).results
    assert result.violation is not None, result
    if not check:  # caught by the probe that follows unanswered generated cases
        assert result.violation.check == suite and result.violation.request is not None
        assert result.violation.request.payload() == {"command": "true"}
        return
    assert result.violation.check.startswith(f"{suite}/")
    named = [result.violation.check.split("/", 1)[1]] + [
        a.split(":")[0] for a in result.violation.also
    ]
    assert check in named, result.violation


#: The quieter defects whose check runs Hypothesis: each is caught by the check's explicit cases,
#: so with a single generated example and any seed, not by the luck of generation.
QUIET = (
    "crlf_translated",
    "timed_out_from_exit_code",
    "cwd_unquoted",
    "cwd_persists",
    "env_lowercase_dropped",
)


@pytest.mark.parametrize("defect", QUIET)
def test_quiet_defects_are_caught_whatever_the_seed(serve: ServerFactory, defect: str) -> None:
    check = DEFECTS[defect]
    for seed in (1, 987654):
        server = serve(defect=defect)  # a fresh one: a persisting cwd outlives its directory
        config = CheckConfig(
            server.base_url, SANDBOX_ID, max_examples=1, seed=seed, select=(check,)
        )
        assert_caught(run(config), check)
