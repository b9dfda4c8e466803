"""What a command writes comes back as written: stdout and stderr apart, exit codes exact."""

from __future__ import annotations

from hypothesis import strategies as st

from mockserver.conformance import strategies
from mockserver.conformance.behaviour import expect
from mockserver.conformance.behaviour.base import PropertyContext, behaviour
from mockserver.conformance.contract import stream_output

OUT_VAR = strategies.ENV_PREFIX + "OUT"
ERR_VAR = strategies.ENV_PREFIX + "ERR"


@behaviour(
    "exit_codes",
    section="2",
    summary="exit N answers exitCode N and success == (N == 0), as a 200",
    examples=20,
)
def exit_codes(ctx: PropertyContext) -> None:
    @ctx.given(strategies.exit_codes(), examples=[(0,), (1,), (128,), (255,)])
    def test(code: int) -> None:
        answer = ctx.target.exec({"command": f"exit {code}"})
        result = expect.exec_result(answer)
        expect.field_equals(answer, result, "exitCode", code, "the command's exit status")

    test()


@behaviour(
    "stdout_stderr_apart",
    section="2",
    summary="stdout and stderr come back apart, untrimmed, byte-faithful for any Unicode",
    examples=30,
)
def stdout_stderr_apart(ctx: PropertyContext) -> None:
    @ctx.given(
        strategies.process_text(),
        strategies.process_text(),
        st.sampled_from(["literal", "env"]),
        examples=[
            ("out\n", "err\n", "literal"),
            ("  x \n\n", "", "env"),
            ("", " e", "literal"),
            # Line ends are bytes like any other: CR LF and a lone CR come back untranslated.
            ("a\r\nb\rc\n", "e\r\n\r", "literal"),
            ("\r", "x\ry\r\n", "env"),
        ],
    )
    def test(out: str, err: str, via: str) -> None:
        if via == "env":
            command = f"printf '%s' \"${OUT_VAR}\"; printf '%s' \"${ERR_VAR}\" >&2"
            payload = {"command": command, "options": {"env": {OUT_VAR: out, ERR_VAR: err}}}
        else:
            command = (
                f"printf '%s' {strategies.shell_quote(out)}; "
                f"printf '%s' {strategies.shell_quote(err)} >&2"
            )
            payload = {"command": command}
        answer = ctx.target.exec(payload)
        result = expect.exec_result(answer)
        expect.field_equals(answer, result, "stdout", out, "exactly what went to stdout")
        expect.field_equals(answer, result, "stderr", err, "exactly what went to stderr")

    test()


@behaviour(
    "invalid_utf8_replaced",
    section="2",
    summary="bytes that are not UTF-8 come back as U+FFFD, the rest untouched",
    examples=2,
)
def invalid_utf8_replaced(ctx: PropertyContext) -> None:
    @ctx.given(st.sampled_from(["stdout", "stderr"]))
    def test(stream: str) -> None:
        redirect = " >&2" if stream == "stderr" else ""
        answer = ctx.target.exec({"command": f"printf 'a\\377b'{redirect}"})
        result = expect.exec_result(answer)
        expect.field_equals(answer, result, stream, "a\ufffdb", "the byte 0xFF replaced by U+FFFD")

    test()


#: Characters of three and four bytes, each written in two halves with a pause between, so
#: a backend that reads the output as it comes sees the halves in two reads.
SPLIT_CHARACTERS = ("\u20ac", "\U0001f600")


def _halves(character: str) -> tuple[str, str]:
    """The character's UTF-8 bytes as two ``printf`` octal-escape strings."""
    encoded = character.encode("utf-8")
    middle = len(encoded) // 2 or 1
    octal = [
        "".join(f"\\{byte:03o}" for byte in part) for part in (encoded[:middle], encoded[middle:])
    ]
    return octal[0], octal[1]


def split_character_command(character: str, pause: float = 0.5, redirect: str = "") -> str:
    first, second = _halves(character)
    return f"printf '<{first}'{redirect}; sleep {pause:g}; printf '{second}>'{redirect}"


@behaviour(
    "utf8_split_across_reads",
    section="2",
    summary="a character whose bytes arrive in two reads comes back whole, as JSON and as a stream",
    examples=1,
    slow=True,
)
def utf8_split_across_reads(ctx: PropertyContext) -> None:
    for character in SPLIT_CHARACTERS:
        for stream_name, redirect in (("stdout", ""), ("stderr", " >&2")):
            payload = {
                "command": split_character_command(character, redirect=redirect),
                "options": {"timeout": 30},
            }
            expected = f"<{character}>"
            wanted = (
                f"{stream_name} {expect.show(expected)}: the bytes of {character!r} decoded"
                " together although they were written 0.5 s apart (no U+FFFD)"
            )
            answer = ctx.target.exec(payload)
            result = expect.exec_result(answer)
            if result[stream_name] != expected:
                raise expect.violation(
                    wanted, f"{stream_name} {expect.show(result[stream_name])}", answer.request, "2"
                )
            if stream_name == "stderr":
                continue
            stream = ctx.target.stream(
                ctx.target.exec_request(payload, accept="text/event-stream"), time_limit=20.0
            )
            expect.stream_ok(stream)
            streamed, _, _ = stream_output(stream.events)
            if streamed != expected:
                raise expect.violation(
                    f"stdout chunks concatenating to {expect.show(expected)} (no U+FFFD where"
                    " a chunk ends inside a character)",
                    f"{expect.show(streamed)}\n  {stream.summary()}",
                    stream.request,
                    "4",
                )


#: 64 characters doubled 14 times: 1 MiB of output from a short command, dash builtins only.
LARGE_UNIT = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+\n"
LARGE_COMMAND = (
    f"s='{LARGE_UNIT[:-1]}\n'; i=0; "
    'while [ "$i" -lt 14 ]; do s="$s$s"; i=$((i+1)); done; printf \'%s\' "$s"'
)


@behaviour(
    "large_output",
    section="3",
    summary="1 MiB of stdout round-trips unchanged, as JSON and as a stream",
    examples=1,
    slow=True,
)
def large_output(ctx: PropertyContext) -> None:
    expected = LARGE_UNIT * (1 << 14)
    answer = ctx.target.exec({"command": LARGE_COMMAND}, timeout=60.0)
    result = expect.exec_result(answer, section="3")
    stdout = result["stdout"]
    if stdout != expected:
        raise expect.violation(
            f"stdout of {len(expected)} characters, unchanged",
            f"stdout of {len(stdout)} characters"
            + ("" if len(stdout) != len(expected) else ", different content"),
            answer.request,
            "3",
        )
    stream = ctx.target.stream(
        ctx.target.exec_request({"command": LARGE_COMMAND}, accept="text/event-stream"),
        time_limit=60.0,
    )
    expect.stream_ok(stream)
    streamed, _, _ = stream_output(stream.events)
    if streamed != expected:
        raise expect.violation(
            f"stdout chunks concatenating to the {len(expected)} characters",
            f"{len(streamed)} characters",
            stream.request,
            "4",
        )


PROPERTIES = (
    exit_codes,
    stdout_stderr_apart,
    invalid_utf8_replaced,
    utf8_split_across_reads,
    large_output,
)
