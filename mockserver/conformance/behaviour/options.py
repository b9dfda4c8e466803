"""Each call option does what the contract says: stdin, env, cwd, timeout, background."""

from __future__ import annotations

import secrets
import time
from typing import Any

from mockserver.conformance import strategies
from mockserver.conformance.behaviour import expect
from mockserver.conformance.behaviour.base import PropertyContext, Skip, behaviour
from mockserver.conformance.contract import (
    BACKGROUND_ANSWER,
    TIMEOUT_EXIT_CODES,
    error_problems,
    exec_result_problems,
    stream_output,
)
from mockserver.conformance.exchange import Answer

q = strategies.shell_quote


@behaviour(
    "stdin_round_trip",
    section="1",
    summary="options.stdin reaches the command whole and is then closed",
    examples=20,
)
def stdin_round_trip(ctx: PropertyContext) -> None:
    @ctx.given(strategies.process_text(max_size=200), examples=[("line\n",), ("no newline",)])
    def test(text: str) -> None:
        answer = ctx.target.exec({"command": "cat", "options": {"stdin": text, "timeout": 10}})
        result = expect.exec_result(answer, section="1")
        expect.field_equals(answer, result, "stdout", text, "cat echoes options.stdin", "1")
        expect.field_equals(answer, result, "exitCode", 0, "cat ends at EOF", "1")

    test()


#: 1 MiB of stdin: sixteen times a 64 KiB pipe buffer, so a backend must keep writing while the
#: command reads.
LARGE_STDIN_BYTES = 1 << 20


@behaviour(
    "stdin_large",
    section="1",
    summary="1 MiB of options.stdin reaches the command whole (past any pipe buffer)",
    examples=1,
)
def stdin_large(ctx: PropertyContext) -> None:
    line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+\n"
    text = line * (LARGE_STDIN_BYTES // len(line))
    payload = {"command": "wc -c", "options": {"stdin": text, "timeout": 30}}
    answer = ctx.target.exec(payload, timeout=60.0)
    result = expect.exec_result(answer, section="1")
    counted = result["stdout"].strip()
    if counted != str(LARGE_STDIN_BYTES) or result["exitCode"] != 0:
        raise expect.violation(
            f"wc -c counting all {LARGE_STDIN_BYTES} bytes of options.stdin, exit 0",
            f"stdout {expect.show(result['stdout'])}, exitCode {result['exitCode']}",
            answer.request,
            "1",
        )


@behaviour(
    "stdin_absent_is_empty",
    section="1",
    summary="without options.stdin the command reads an empty, closed stdin (cat never hangs)",
    examples=1,
    slow=True,
)
def stdin_absent_is_empty(ctx: PropertyContext) -> None:
    answer = ctx.target.exec({"command": "cat", "options": {"timeout": 3}}, timeout=20.0)
    result = expect.exec_result(answer, section="1")
    expect.field_equals(answer, result, "exitCode", 0, "cat sees EOF at once, not a timeout", "1")
    expect.field_equals(answer, result, "stdout", "", "nothing on stdin", "1")


def _sandbox_variable(ctx: PropertyContext) -> tuple[str, str] | None:
    """A variable of the sandbox's own environment and its value, to watch the merge."""
    answer = ctx.target.exec({"command": "env"})
    result = expect.exec_result(answer, section="1")
    shell_owned = {"PWD", "OLDPWD", "SHLVL", "_", "PS1", "PS2", "PS4", "IFS", "OPTIND"}
    names = set()
    for line in result["stdout"].splitlines():
        name, sep, _ = line.partition("=")
        ours = name.startswith(strategies.ENV_PREFIX)
        if sep and name.isidentifier() and name.isascii() and name not in shell_owned and not ours:
            names.add(name)
    # A line of a multi-line value can look like a variable, and a backend may set some per
    # call: keep the first that really is one and reads the same twice.
    stable_first = {"HOME": 0, "USER": 1, "LANG": 2, "PATH": 9}
    for name in sorted(names, key=lambda n: (stable_first.get(n, 5), n))[:6]:
        probes = [expect.exec_result(_read_var(ctx, name), section="1")["stdout"] for _ in "ab"]
        if probes[0].startswith("set:") and probes[0] == probes[1]:
            return name, probes[0].removeprefix("set:")
    return None


def _read_var(ctx: PropertyContext, name: str, env: dict[str, str] | None = None) -> Answer:
    command = f'if [ -n "${{{name}+x}}" ]; then printf \'set:%s\' "${name}"; else printf unset; fi'
    payload: dict[str, Any] = {"command": command}
    if env is not None:
        payload["options"] = {"env": env}
    return ctx.target.exec(payload)


@behaviour(
    "env_merged_not_persisted",
    section="3",
    summary="options.env is merged over the sandbox's environment, wins, and never leaks on",
    examples=10,
)
def env_merged_not_persisted(ctx: PropertyContext) -> None:
    own = _sandbox_variable(ctx)
    if own is None:
        ctx.notes.append("the sandbox environment is empty: the merge was not observed")

    @ctx.given(
        strategies.env_names(),
        strategies.process_text(),
        # Environment names are case-sensitive and need not be upper case.
        examples=[("MSCHK_A", "v 1"), ("mschk_lower", "l"), ("MsChk_Mixed", "m")],
    )
    def test(name: str, value: str) -> None:
        first = _read_var(ctx, name, {name: value})
        result = expect.exec_result(first, section="1")
        expect.field_equals(first, result, "stdout", f"set:{value}", "the value options.env set")
        later = _read_var(ctx, name)
        result = expect.exec_result(later, section="3")
        wanted = f"{name} unset in a later call without options.env"
        expect.stdout_is(later, result, "unset", wanted, "3", preceding=(first.request,))
        if own is None:
            return
        own_name, own_value = own
        merged = _read_var(ctx, own_name, {name: value})
        result = expect.exec_result(merged, section="1")
        wanted = f"the sandbox's own {own_name}={expect.show(own_value)} kept beside options.env"
        expect.stdout_is(merged, result, f"set:{own_value}", wanted, "1")
        override = _read_var(ctx, own_name, {own_name: value})
        result = expect.exec_result(override, section="1")
        expect.field_equals(
            override, result, "stdout", f"set:{value}", "request values win over the sandbox's"
        )
        after = _read_var(ctx, own_name)
        result = expect.exec_result(after, section="3")
        wanted = f"{own_name} back to the sandbox's {expect.show(own_value)} in the next call"
        expect.stdout_is(
            after, result, f"set:{own_value}", wanted, "3", preceding=(override.request,)
        )

    test()


def _physical(ctx: PropertyContext, directory: str) -> str:
    answer = ctx.target.exec({"command": f"cd {q(directory)} && pwd -P"})
    result = expect.exec_result(answer)
    if result["exitCode"] != 0:
        raise Skip(f"cannot enter the scratch directory {directory}")
    return str(result["stdout"])


#: Directory names a shell would split, expand or choke on unless the cwd is passed as it is.
SPECIAL_DIRECTORY_NAMES = ("with space", "dollar$HOME", "star*", "quote'1", 'dq"2', "semi;colon")


@behaviour(
    "cwd_option",
    section="1",
    summary="options.cwd sets the working directory for that call only, any name; a missing one"
    " is refused",
    examples=5,
)
def cwd_option(ctx: PropertyContext) -> None:
    scratch = ctx.need_scratch()
    baseline = expect.exec_result(ctx.target.exec({"command": "pwd -P"}))["stdout"]

    @ctx.given(strategies.file_names(), examples=[(name,) for name in SPECIAL_DIRECTORY_NAMES])
    def test(name: str) -> None:
        directory = f"{scratch}/cwd-{name}"
        made = ctx.target.exec({"command": f"mkdir -p {q(directory)}"})
        if expect.exec_result(made)["exitCode"] != 0:
            return
        expected = _physical(ctx, directory)
        answer = ctx.target.exec({"command": "pwd -P", "options": {"cwd": directory}})
        result = expect.exec_result(answer, section="1")
        expect.field_equals(answer, result, "stdout", expected, "pwd in options.cwd, as named", "1")
        later = ctx.target.exec({"command": "pwd -P"})
        result = expect.exec_result(later, section="1")
        wanted = f"the default directory {expect.show(baseline)}: options.cwd is for one call only"
        expect.stdout_is(later, result, baseline, wanted, "1", preceding=(answer.request,))
        missing = f"{scratch}/missing-{name}"
        answer = ctx.target.exec({"command": "pwd -P", "options": {"cwd": missing}})
        _expect_refused_cwd(answer)

    test()


def _expect_refused_cwd(answer: Answer) -> None:
    """A cwd that does not exist: a 400 Error, or a 200 failure saying so (tolerant)."""
    if answer.status == 400 and not error_problems(400, answer.headers, answer.body):
        return
    if answer.status == 200 and answer.media_type == "application/json":
        try:
            value = answer.json()
        except ValueError:
            value = None
        failed = isinstance(value, dict) and not exec_result_problems(value)
        if failed and value["success"] is False and value["stderr"].strip():
            return
    raise expect.violation(
        "a 400 Error, or a 200 with success false and a message on stderr (cwd does not exist)",
        answer.summary(),
        answer.request,
        "3",
    )


@behaviour(
    "fresh_shell_per_call",
    section="3",
    summary="each call is a fresh /bin/sh -c: cd and export do not carry over",
    examples=3,
)
def fresh_shell_per_call(ctx: PropertyContext) -> None:
    baseline = expect.exec_result(ctx.target.exec({"command": "pwd -P"}))["stdout"]
    scratch = ctx.scratch or "/"
    if f"{scratch}\n" == baseline:
        raise Skip("no directory other than the default one to cd into")

    @ctx.given(strategies.env_names())
    def test(name: str) -> None:
        first = ctx.target.exec({"command": f"cd {q(scratch)} && export {name}=1 && pwd -P"})
        expect.exec_result(first)
        second = ctx.target.exec({"command": f"pwd -P; printf '%s' \"${{{name}-unset}}\""})
        result = expect.exec_result(second, section="3")
        expected = f"{baseline}unset"
        wanted = f"the default directory and {name} unset: {expect.show(expected)}"
        expect.stdout_is(second, result, expected, wanted, "3", preceding=(first.request,))

    test()


@behaviour(
    "timeout_kills",
    section="3",
    summary="options.timeout stops the command and its process group; the output so far is kept",
    examples=1,
    slow=True,
)
def timeout_kills(ctx: PropertyContext) -> None:
    scratch = ctx.scratch
    marker = f"{scratch}/late-{secrets.token_hex(4)}" if scratch else None
    child = f"(sleep 2; printf late > {q(marker)}) & " if marker else ""
    command = f"printf before; {child}sleep 3; printf after"
    limit = 1
    answer = ctx.target.exec({"command": command, "options": {"timeout": limit}}, timeout=15.0)
    result = expect.exec_result(answer, section="3")
    if result["exitCode"] not in TIMEOUT_EXIT_CODES or result["success"] is not False:
        raise expect.violation(
            "exitCode 124 (or 137, 143, -1) and success false: the timeout stopped it",
            f"exitCode {result['exitCode']}, success {result['success']}\n  {answer.summary()}",
            answer.request,
            "3",
        )
    if answer.elapsed > limit + 2.5:
        raise expect.violation(
            f"the answer within {limit} s + 2 s",
            f"after {answer.elapsed:.1f} s",
            answer.request,
            "3",
        )
    if answer.elapsed < limit - 0.5:
        raise expect.violation(
            f"the command stopped after {limit} s (options.timeout is in seconds)",
            f"stopped after {answer.elapsed:.2f} s",
            answer.request,
            "1",
        )
    expect.field_equals(answer, result, "stdout", "before", "the output produced so far", "3")
    _timeout_as_stream(ctx, limit)
    if marker is None:
        ctx.notes.append("no scratch directory: the process-group kill was not observed")
        return
    time.sleep(max(0.0, 3.0 - answer.elapsed))
    if ctx.read_file(marker):
        raise expect.violation(
            "the whole process group killed: a child started before the timeout never writes",
            f"the child wrote {marker!r} after the timeout",
            answer.request,
            "3",
        )


def _timeout_as_stream(ctx: PropertyContext, limit: int) -> None:
    """The same timeout as a stream: the output so far, then complete with timedOut true."""
    request = ctx.target.exec_request(
        {"command": "printf before; sleep 3; printf after", "options": {"timeout": limit}},
        accept="text/event-stream",
    )
    stream = ctx.target.stream(request, time_limit=15.0)
    expect.stream_ok(stream)
    stdout, _, terminal = stream_output(stream.events)
    assert terminal is not None
    timed_out = (
        terminal.get("event") == "complete"
        and terminal.get("timedOut") is True
        and terminal.get("exitCode") in TIMEOUT_EXIT_CODES
        and terminal.get("success") is False
    )
    if not timed_out or stdout != "before" or stream.elapsed > limit + 2.5:
        raise expect.violation(
            "stdout 'before', then complete with timedOut true, exitCode 124 (or 137, 143, -1)"
            f" and success false, within {limit} s + 2 s",
            f"stdout {expect.show(stdout)} after {stream.elapsed:.1f} s\n  {stream.summary()}",
            request,
            "4",
        )


@behaviour(
    "timeout_with_other_options",
    section="1",
    summary="options.timeout stops the command also when stdin, env or cwd are given",
    examples=1,
    slow=True,
)
def timeout_with_other_options(ctx: PropertyContext) -> None:
    others: list[tuple[str, dict[str, Any]]] = [
        ("stdin", {"stdin": "input\n"}),
        ("env", {"env": {strategies.ENV_PREFIX + "T": "1"}}),
    ]
    if ctx.scratch is not None:
        others.append(("cwd", {"cwd": ctx.scratch}))
    else:
        ctx.notes.append("no scratch directory: the timeout with options.cwd was not tried")
    limit = 1
    for name, extra in others:
        payload = {
            "command": "printf before; sleep 4; printf after",
            "options": {**extra, "timeout": limit},
        }
        answer = ctx.target.exec(payload, timeout=15.0)
        result = expect.exec_result(answer, section="1")
        stopped = result["exitCode"] in TIMEOUT_EXIT_CODES and result["success"] is False
        if not stopped or answer.elapsed > limit + 2.5:
            raise expect.violation(
                f"the command stopped by options.timeout ({limit} s) although options.{name} is"
                " given too: exitCode 124 (or 137, 143, -1) within the timeout + 2 s",
                f"exitCode {result['exitCode']} after {answer.elapsed:.1f} s\n  {answer.summary()}",
                answer.request,
                "1",
            )


@behaviour(
    "timeout_zero_is_unlimited",
    section="1",
    summary="options.timeout 0 means no limit",
    examples=1,
    slow=True,
)
def timeout_zero_is_unlimited(ctx: PropertyContext) -> None:
    answer = ctx.target.exec(
        {"command": "sleep 1; printf done", "options": {"timeout": 0}}, timeout=30.0
    )
    result = expect.exec_result(answer, section="1")
    expect.field_equals(answer, result, "stdout", "done", "timeout 0 lets it finish", "1")
    expect.field_equals(answer, result, "exitCode", 0, "timeout 0 lets it finish", "1")


BACKGROUND_VAR = strategies.ENV_PREFIX + "BG"


@behaviour(
    "background_answers_at_once",
    section="3",
    summary="background answers at once and the command goes on, with the call's env and cwd,"
    " after its connection closed",
    examples=1,
    slow=True,
)
def background_answers_at_once(ctx: PropertyContext) -> None:
    scratch = ctx.need_scratch()
    token = secrets.token_hex(4)
    directory = f"{scratch}/bg-dir {token}"
    made = ctx.target.exec({"command": f"mkdir -p {q(directory)}"})
    if expect.exec_result(made)["exitCode"] != 0:
        raise Skip(f"cannot make {directory} in the scratch directory")
    here = _physical(ctx, directory)
    marker = f"{scratch}/bg-{token}"
    value = "bg value"
    command = f'sleep 3; printf \'%s|%s\' "${BACKGROUND_VAR}" "$(pwd -P)" > {q(marker)}'
    options = {"background": True, "timeout": 30, "env": {BACKGROUND_VAR: value}, "cwd": directory}
    # Sent over a connection of its own that closes as soon as the answer is read; the file is
    # then polled over another one: the command must not depend on its client staying.
    answer = ctx.target.exec({"command": command, "options": options}, timeout=15.0, alone=True)
    result = expect.exec_result(answer, section="3")
    if answer.elapsed >= 2.0:
        raise expect.violation(
            "the answer at once (the command sleeps 3 s first)",
            f"after {answer.elapsed:.1f} s",
            answer.request,
            "3",
        )
    for name, expected in BACKGROUND_ANSWER.items():
        expect.field_equals(answer, result, name, expected, "the background answer", "3")
    wanted = f"{value}|{here.rstrip(chr(10))}"
    if not ctx.file_comes_to_hold(marker, wanted, 8.0):
        held = ctx.read_file(marker)
        raise expect.violation(
            "the background command, after its client closed the connection, goes on with the"
            f" call's env and cwd: {marker} holding {expect.show(wanted)} within 8 s",
            f"{marker} holds {expect.show(held)}" if held else f"{marker} never appeared",
            answer.request,
            "3",
        )
    stream_marker = f"{scratch}/bg-sse-{token}"
    request = ctx.target.exec_request(
        {
            "command": f"sleep 3; printf done > {q(stream_marker)}",
            "options": {"background": True, "timeout": 30},
        },
        accept="text/event-stream",
    )
    stream = ctx.target.stream(request, time_limit=15.0)
    expect.stream_ok(stream)
    names = [event.event for event in stream.events]
    opening = ["start"] if ctx.target.dialect.has_start else []
    _, _, terminal = stream_output(stream.events)
    if names != [*opening, "complete"] or terminal is None or terminal.get("exitCode") != 0:
        raise expect.violation(
            " then ".join([*opening, "complete with exitCode 0"]),
            stream.summary(),
            request,
            "4",
        )
    if stream.elapsed >= 2.0:
        raise expect.violation(
            "the stream over at once", f"after {stream.elapsed:.1f} s", request, "4"
        )


@behaviour(
    "files_persist",
    section="3",
    summary="a file written by one call is read by the next, under /tmp too",
    examples=5,
)
def files_persist(ctx: PropertyContext) -> None:
    token = secrets.token_hex(4)
    tmp_file = f"/tmp/mschk-{token}"
    write = ctx.target.exec({"command": f"printf kept > {tmp_file}"})
    if expect.exec_result(write)["exitCode"] == 0:
        read = ctx.target.exec({"command": f"cat {tmp_file}; rm -f {tmp_file}"})
        expect.stdout_is(
            read,
            expect.exec_result(read, section="3"),
            "kept",
            f"{tmp_file}, written by the previous call, still there: 'kept'",
            "3",
            preceding=(write.request,),
        )
    else:
        ctx.notes.append("/tmp is not writable: its persistence was not observed")
    probe = ctx.target.exec({"command": f"printf x > .mschk-{token} && rm -f .mschk-{token}"})
    if expect.exec_result(probe)["exitCode"] != 0:
        raise Skip("the sandbox's default directory is not writable")

    @ctx.given(strategies.file_names(), strategies.process_text())
    def test(name: str, content: str) -> None:
        path = f"mschk-{token}-{name}"
        write = ctx.target.exec({"command": f"printf '%s' {q(content)} > {q(path)}"})
        expect.field_equals(write, expect.exec_result(write), "exitCode", 0, "the write works")
        read = ctx.target.exec({"command": f"cat {q(path)}; rm -f {q(path)}"})
        result = expect.exec_result(read, section="3")
        if result["stdout"] != content:
            raise expect.violation(
                f"the file written by the previous call: {expect.show(content)}",
                f"stdout {expect.show(result['stdout'])}, stderr {expect.show(result['stderr'])}",
                read.request,
                "3",
                preceding=(write.request,),
            )

    test()


PROPERTIES = (
    stdin_round_trip,
    stdin_large,
    stdin_absent_is_empty,
    env_merged_not_persisted,
    cwd_option,
    fresh_shell_per_call,
    timeout_kills,
    timeout_with_other_options,
    timeout_zero_is_unlimited,
    background_answers_at_once,
    files_persist,
)
