"""The SSE dialect: framing, equality with JSON, incremental delivery, negotiation."""

from __future__ import annotations

import json
import secrets

from mockserver.conformance import strategies
from mockserver.conformance.behaviour import expect
from mockserver.conformance.behaviour.base import PropertyContext, behaviour
from mockserver.conformance.contract import stream_output
from mockserver.conformance.exchange import SseEvent

SSE = "text/event-stream"


@behaviour(
    "sse_equals_json",
    section="4",
    summary="a stream is framed per the dialect and carries what the JSON answer carries",
    examples=20,
)
def sse_equals_json(ctx: PropertyContext) -> None:
    @ctx.given(
        strategies.process_text(),
        strategies.process_text(),
        strategies.exit_codes(),
        examples=[
            ("a\n", "", 2),
            ("out", "err\n", 0),
            ("a\r\nb\r", "c\r", 1),
            # The command's own exit 124 is not a timeout: timedOut says whether one fired.
            ("", "", 124),
        ],
    )
    def test(out: str, err: str, code: int) -> None:
        payload = {"command": strategies.printf_command(out, err, code)}
        answer = ctx.target.exec(payload)
        result = expect.exec_result(answer)
        stream = ctx.target.stream(ctx.target.exec_request(payload, accept=SSE))
        expect.stream_ok(stream)
        stdout, stderr, terminal = stream_output(stream.events)
        assert terminal is not None
        streamed = {
            "stdout": stdout,
            "stderr": stderr,
            "exitCode": terminal.get("exitCode"),
            "success": terminal.get("success"),
        }
        for name, value in streamed.items():
            if value != result[name]:
                raise expect.violation(
                    f"the stream's {name} equal to the JSON answer's: {expect.show(result[name])}",
                    f"{expect.show(value)}\n  {stream.summary()}",
                    stream.request,
                    "4",
                    preceding=(answer.request,),
                )
        timed_out = terminal.get("timedOut", False)  # a dialect may not carry it
        if terminal.get("event") != "complete" or timed_out is not False:
            raise expect.violation(
                f"complete with timedOut false (the command ran exit {code}; no timeout fired)",
                stream.summary(),
                stream.request,
                "4",
            )

    test()


@behaviour(
    "sse_incremental",
    section="4",
    summary="chunks are sent as soon as the command writes them, in the order it wrote them",
    examples=1,
    slow=True,
)
def sse_incremental(ctx: PropertyContext) -> None:
    request = ctx.target.exec_request(
        {
            "command": "printf first; sleep 1; printf middle >&2; sleep 1; printf last",
            "options": {"timeout": 30},
        },
        accept=SSE,
    )
    stream = ctx.target.stream(request, time_limit=20.0)
    expect.stream_ok(stream)
    terminal = stream.events[-1].arrived
    first = next(
        (event for event in stream.events if event.event == "stdout" and "first" in event.data),
        None,
    )
    early: list[tuple[str, SseEvent | None]] = [("the stdout chunk 'first'", first)]
    if ctx.target.dialect.has_start:
        early.insert(0, ("start", stream.events[0]))
    for what, event in early:
        if event is None or terminal - event.arrived < 1.0:
            gap = "never" if event is None else f"{terminal - event.arrived:.2f} s"
            raise expect.violation(
                f"{what} delivered while the command sleeps 2 s, well before the end",
                f"it arrived {gap} before the terminal event\n  {stream.summary()}",
                request,
                "4",
            )
    order = _output_runs(stream.events)
    if order != [("stdout", "first"), ("stderr", "middle"), ("stdout", "last")]:
        raise expect.violation(
            "stdout 'first', then stderr 'middle', then stdout 'last': the order produced",
            f"{order}\n  {stream.summary()}",
            request,
            "4",
        )


def _output_runs(events: tuple[SseEvent, ...]) -> list[tuple[str, str]]:
    """Output events as runs per stream: consecutive chunks of one stream joined."""
    runs: list[tuple[str, str]] = []
    for event in events:
        if event.event not in ("stdout", "stderr"):
            continue
        data = str(json.loads(event.data).get("data", ""))
        if runs and runs[-1][0] == event.event:
            runs[-1] = (event.event, runs[-1][1] + data)
        else:
            runs.append((event.event, data))
    return runs


ACCEPT_CASES: tuple[tuple[str | None, bool], ...] = (
    (None, False),
    ("*/*", False),
    ("application/json", False),
    (SSE, True),
    (f"{SSE}, application/json", False),
    (f"application/json;q=0.5, {SSE}", True),
    (f"application/json, {SSE};q=0.9", False),
)


@behaviour(
    "accept_negotiation",
    section="2",
    summary="SSE exactly when Accept prefers text/event-stream; JSON for none, */* or a tie",
    examples=len(ACCEPT_CASES),
)
def accept_negotiation(ctx: PropertyContext) -> None:
    for accept, wants_stream in ACCEPT_CASES:
        request = ctx.target.exec_request({"command": "printf ok"}, accept=accept)
        stream = ctx.target.stream(request, time_limit=15.0)
        expected = SSE if wants_stream else "application/json"
        if stream.status != 200 or stream.media_type != expected:
            raise expect.violation(
                f"200 {expected} for Accept: {accept or '(none)'}",
                stream.summary(),
                request,
                "2",
            )
        if wants_stream:
            expect.stream_ok(stream)
        else:
            expect.exec_result(stream.as_answer())


@behaviour(
    "sse_request_errors_json",
    section="4",
    summary="request errors asked for as a stream are JSON Errors before any stream starts",
    examples=2,
)
def sse_request_errors_json(ctx: PropertyContext) -> None:
    cases = (
        (ctx.target.exec_request({"command": ""}, accept=SSE), 400, "an empty command"),
        (
            ctx.target.exec_request(
                {"command": "true"}, accept=SSE, sandbox_id=f"mschk-missing-{secrets.token_hex(4)}"
            ),
            404,
            "an unknown sandbox",
        ),
    )
    for request, status, why in cases:
        stream = ctx.target.stream(request, time_limit=15.0)
        expect.error_answer(stream.as_answer(), {status}, why, section="4")


@behaviour(
    "sse_disconnect_keeps_running",
    section="4",
    summary="a client that disconnects mid-stream does not kill the command, even when it writes"
    " after the client left",
    examples=1,
    slow=True,
)
def sse_disconnect_keeps_running(ctx: PropertyContext) -> None:
    scratch = ctx.need_scratch()
    marker = f"{scratch}/dc-{secrets.token_hex(4)}"
    # After the client leaves, the command writes to stdout and stderr (where nobody reads any
    # more) and only then writes its file.
    command = (
        "printf started; sleep 1; printf more; printf more >&2; sleep 0.5; "
        f"printf done > {strategies.shell_quote(marker)}"
    )
    request = ctx.target.exec_request({"command": command, "options": {"timeout": 30}}, accept=SSE)
    stream = ctx.target.stream(
        request, time_limit=15.0, stop=lambda event: event.event in ("stdout", "complete")
    )
    if stream.status != 200 or not stream.events:
        expect.stream_ok(stream)
    if not ctx.file_comes_to_hold(marker, "done", 5.0):
        raise expect.violation(
            "the command finishing after the client left, although it writes output after that"
            " (its file written within 5 s)",
            f"{marker} never appeared",
            request,
            "4",
        )


PROPERTIES = (
    sse_equals_json,
    sse_incremental,
    accept_negotiation,
    sse_request_errors_json,
    sse_disconnect_keeps_running,
)
