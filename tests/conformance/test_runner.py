"""The runner: events in order, and a target that stops answering mid-run ends the run."""

from __future__ import annotations

from harness import ServerFactory
from reference_backend import SANDBOX_ID

from mockserver.conformance import (
    EXIT_USAGE,
    CheckConfig,
    CheckFinished,
    CheckStarted,
    Event,
    RunFinished,
    RunStarted,
    run,
)

CHECKS = ("exit_codes", "stdout_stderr_apart", "bad_input_400")


def test_events_come_in_order_and_every_run_has_a_seed(serve: ServerFactory) -> None:
    server = serve()
    events: list[Event] = []
    finished = run(
        CheckConfig(server.base_url, SANDBOX_ID, max_examples=3, select=CHECKS), [events.append]
    )
    kinds = [type(event).__name__ for event in events]
    assert kinds == ["RunStarted"] + ["CheckStarted", "CheckFinished"] * 3 + ["RunFinished"]
    started = events[0]
    assert isinstance(started, RunStarted) and started.seed is not None
    assert [e.name for e in events if isinstance(e, CheckStarted)] == list(CHECKS)
    assert events[-1] is finished and finished.exit_code == 0


def test_a_target_that_goes_away_mid_run_stops_the_run(serve: ServerFactory) -> None:
    server = serve()

    def stop_after_first(event: Event) -> None:
        if isinstance(event, CheckFinished) and event.name == CHECKS[0]:
            server.close()

    finished = run(
        CheckConfig(server.base_url, SANDBOX_ID, max_examples=3, select=CHECKS), [stop_after_first]
    )
    assert isinstance(finished, RunFinished)
    # Refused connections are not the contract's business: an error (exit 2), never a violation.
    assert [r.status for r in finished.results] == ["passed", "error"]
    assert finished.exit_code == EXIT_USAGE
    assert finished.aborted is not None and "1 not run" in finished.aborted
    reason = finished.results[1].reason
    assert reason is not None and "ConnectError" in reason


def test_a_check_after_the_scratch_directory_vanished_names_the_check_to_blame(
    serve: ServerFactory,
) -> None:
    server = serve(defect="scratch_lost_on_exit")  # 'exit N' removes the checker's scratch
    finished = run(
        CheckConfig(
            server.base_url, SANDBOX_ID, max_examples=2, select=("exit_codes", "cwd_option")
        )
    )
    first, second = finished.results
    assert first.name == "exit_codes" and first.status == "passed"
    assert second.status == "skipped" and second.violation is None
    assert second.reason is not None
    assert "was gone after exit_codes" in second.reason and "blame" in second.reason
