"""Errors: unknown sandboxes and paths, bad input, unrunnable input, other methods."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from mockserver.conformance import strategies
from mockserver.conformance.behaviour import expect
from mockserver.conformance.behaviour.base import PropertyContext, behaviour
from mockserver.conformance.contract import (
    error_message,
    failed_command_problems,
    stream_output,
)
from mockserver.conformance.target import EXEC_TEMPLATE


def near_ids(sandbox_id: str) -> list[str]:
    """Ids one character off a real one: longer, shorter, the last character changed."""
    last = sandbox_id[-1:]
    changed = "0" if last != "0" else "1"
    near = [sandbox_id + "0", sandbox_id[:-1], sandbox_id[:-1] + changed, "x" + sandbox_id[1:]]
    return [candidate for candidate in dict.fromkeys(near) if candidate and candidate != sandbox_id]


@behaviour(
    "unknown_sandbox_404",
    section="2",
    summary="an unknown sandbox is a 404 Error 'Sandbox not found', also one character off a real id",
    examples=5,
)
def unknown_sandbox_404(ctx: PropertyContext) -> None:
    def judge(sandbox: str) -> None:
        answer = ctx.target.exec({"command": "true"}, sandbox_id=sandbox)
        why = f"no sandbox is called {sandbox!r}"
        if sandbox in near_ids(ctx.target.sandbox_id):
            why += f" (ids match whole: {ctx.target.sandbox_id!r} is a different sandbox)"
        expect.error_answer(answer, {404}, why)
        message = (error_message(answer.body) or "").strip().rstrip(".").lower()
        if message != "sandbox not found":
            raise expect.violation(
                "the message 'Sandbox not found'", answer.summary(), answer.request, "2"
            )

    for sandbox in near_ids(ctx.target.sandbox_id):
        judge(sandbox)

    @ctx.given(st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True))
    def test(suffix: str) -> None:
        judge(f"mschk-missing-{suffix}")

    test()


@behaviour(
    "bad_input_400",
    section="2",
    summary="a body that breaks the schema is a 400 Error (never a 5xx, never accepted)",
    examples=len(strategies.SCHEMA_INVALID_BODIES),
)
def bad_input_400(ctx: PropertyContext) -> None:
    for why, body in strategies.SCHEMA_INVALID_BODIES:
        request = ctx.target.raw_request(
            "POST",
            ctx.target.exec_url(),
            body,
            {"Content-Type": "application/json", "Accept": "application/json"},
        )
        expect.error_answer(ctx.target.send(request), {400}, why)


@behaviour(
    "unrunnable_input",
    section="2",
    summary="schema-valid but unrunnable input: a 200 failed command with 126 (or a 4xx Error)",
    examples=len(strategies.UNRUNNABLE_BODIES),
)
def unrunnable_input(ctx: PropertyContext) -> None:
    for why, payload in strategies.UNRUNNABLE_BODIES:
        answer = ctx.target.exec(payload)
        if 400 <= answer.status < 500:
            expect.error_answer(answer, {answer.status}, why)
            continue
        problems = ["not a 200"] if answer.status != 200 else []
        if not problems:
            try:
                problems = failed_command_problems(answer.json())
            except ValueError:
                problems = ["the body is not JSON"]
        if problems:
            raise expect.violation(
                f'{{"stdout":"","stderr":"<why>\\n","exitCode":126,"success":false}} ({why}),'
                " or a 4xx Error",
                "; ".join(problems) + f"\n  answer: {answer.summary()}",
                answer.request,
                "2",
            )
        _unrunnable_as_stream(ctx, why, payload)


def _unrunnable_as_stream(ctx: PropertyContext, why: str, payload: dict[str, object]) -> None:
    """Asked for as a stream: a 4xx Error, or a stream that runs nothing and ends failed."""
    request = ctx.target.exec_request(payload, accept="text/event-stream")
    stream = ctx.target.stream(request, time_limit=15.0)
    if 400 <= stream.status < 500:
        expect.error_answer(stream.as_answer(), {stream.status}, why, section="4")
        return
    expect.stream_ok(stream)
    stdout, _, terminal = stream_output(stream.events)
    assert terminal is not None
    failed = terminal.get("event") == "error" or terminal.get("success") is False
    if stdout or not failed:
        raise expect.violation(
            f"an error event, or a complete with success false, and no stdout ({why});"
            " or a 4xx Error",
            stream.summary(),
            request,
            "4",
        )


#: A lone surrogate escape in each string field of the request, and what must come back. A
#: surrogate in a value the command prints comes back as U+FFFD; elsewhere the answer is any
#: answer the contract allows (a 200, or a 4xx Error where it tolerates one), never a 5xx.
SURROGATE_CASES: tuple[tuple[str, bytes, str | None], ...] = (
    ("command", b"{\"command\": \"printf '%s' '\\ud800'\"}", "\ufffd"),
    ("options.stdin", b'{"command": "cat", "options": {"stdin": "a\\udc00b"}}', "a\ufffdb"),
    (
        "an options.env value",
        b'{"command": "printf %s \\"$MSCHK_S\\"", "options": {"env": {"MSCHK_S": "a\\ud800"}}}',
        "a\ufffd",
    ),
    (
        "an options.env name",
        b'{"command": "true", "options": {"env": {"MSCHK_\\udfff": "v"}}}',
        None,
    ),
    ("options.cwd", b'{"command": "pwd", "options": {"cwd": "/tmp/\\ud800"}}', None),
    ("options.container", b'{"command": "true", "options": {"container": "\\udbff"}}', None),
)


@behaviour(
    "lone_surrogate",
    section="2",
    summary="a lone surrogate escape in any string field is U+FFFD or a 4xx Error, never a 5xx",
    examples=len(SURROGATE_CASES),
)
def lone_surrogate(ctx: PropertyContext) -> None:
    for where, body, expected in SURROGATE_CASES:
        request = ctx.target.raw_request(
            "POST",
            ctx.target.exec_url(),
            body,
            {"Content-Type": "application/json", "Accept": "application/json"},
        )
        answer = ctx.target.send(request)
        why = f"a lone surrogate in {where}"
        if 400 <= answer.status < 500 and expected is None:
            expect.error_answer(answer, {answer.status}, why)
            continue
        if answer.status != 200:
            raise expect.violation(
                f"a 200 (or a 4xx Error) for {why}, never a 5xx",
                answer.summary(),
                request,
                "2",
            )
        result = expect.exec_result(answer)
        if expected is not None:
            expect.field_equals(answer, result, "stdout", expected, f"{why} as U+FFFD")


OTHER_METHODS = ("GET", "PUT", "DELETE", "PATCH", "QUERY")


@behaviour(
    "other_methods_405",
    section="2",
    summary="any other method on the exec path is a 405 Error with Allow: POST",
    examples=len(OTHER_METHODS),
)
def other_methods_405(ctx: PropertyContext) -> None:
    for method in OTHER_METHODS:
        body = json.dumps({"command": "true"}).encode() if method != "GET" else None
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = ctx.target.raw_request(method, ctx.target.exec_url(), body, headers)
        answer = ctx.target.send(request)
        expect.error_answer(answer, {405}, f"{method} is not an operation of the path")
        allowed = {m.strip().upper() for m in answer.headers.get("allow", "").split(",")}
        if "POST" not in allowed:
            raise expect.violation("an Allow header naming POST", answer.summary(), request, "2")


@behaviour(
    "unknown_path_404",
    section="2",
    summary="a path the spec does not have is a 404 Error",
    examples=2,
)
def unknown_path_404(ctx: PropertyContext) -> None:
    sandbox_path = EXEC_TEMPLATE.format(id=ctx.target.sandbox_id).removesuffix("/exec")
    for method, path in (("GET", "/api/v1/mschk-no-such-path"), ("POST", f"{sandbox_path}/nope")):
        body = b'{"command": "true"}' if method == "POST" else None
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = ctx.target.raw_request(method, ctx.target.url(path), body, headers)
        answer = ctx.target.send(request)
        expect.error_answer(answer, {404}, "no such path")


PROPERTIES = (
    unknown_sandbox_404,
    bad_input_400,
    unrunnable_input,
    lone_surrogate,
    other_methods_405,
    unknown_path_404,
)
