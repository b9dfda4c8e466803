"""Hypothesis strategies for property tests of your own Sandbox API client.

Generate what a client sends and what the API answers, all within the contract::

    from hypothesis import given
    from mockserver import strategies

    @given(strategies.exec_results())
    def test_my_sdk_parses_every_result(result):
        parsed = my_sdk.parse_result(result)
        assert parsed.ok == (result["exitCode"] == 0)

* :func:`exec_requests`: bodies of ``POST /api/v1/sandboxes/{id}/exec`` the schema accepts;
  :func:`runnable_exec_requests`: those that also run a known command to completion (what it
  prints is known, to send to a real server or the mock).
* :func:`invalid_exec_requests`: raw bodies the API must refuse with a 400 Error.
* :func:`exec_results`: JSON answers, always ``success == (exitCode == 0)``.
* :func:`sse_events` and :func:`sse_streams`: SSE answers in the contract's dialect (``start``,
  output chunks, one ``complete`` or ``error``; ids from 1, increasing), as parsed events or as
  the bytes on the wire, with keepalive comments.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from mockserver.conformance.strategies import (
    PROCESS_CHARACTERS,
    SCHEMA_INVALID_BODIES,
    env_names,
    exec_options,
    exit_codes,
    process_text,
    runnable_exec_bodies,
)

#: What ``exitCode`` may be: any integer a process or a timeout reports (-1 for a killed one).
_EXIT_CODES = st.one_of(exit_codes(), st.sampled_from([0, 1, 2, 124, 126, 127, 137, 143, -1]))
_TEXT = st.text(max_size=60)


def exec_requests() -> st.SearchStrategy[dict[str, Any]]:
    """Exec bodies the request schema accepts: any command, any combination of options.

    Some cannot run anywhere (a relative ``cwd``): the API answers those with a failed command
    (exit 126), never a 400.
    """
    options = st.fixed_dictionaries(
        {},
        optional={
            "timeout": st.integers(min_value=0, max_value=3600),
            "stdin": st.text(max_size=40),
            "env": st.dictionaries(env_names(), process_text(), max_size=3),
            "cwd": st.sampled_from(["/", "/tmp", "/app", "/home/user"]),
            "container": st.sampled_from(["app", "db"]),
            "background": st.booleans(),
        },
    )
    return st.fixed_dictionaries(
        {"command": st.text(PROCESS_CHARACTERS, min_size=1, max_size=60)},
        optional={"options": options},
    )


def runnable_exec_requests() -> st.SearchStrategy[dict[str, Any]]:
    """Exec bodies running a deterministic ``printf`` to completion in any sandbox."""
    return runnable_exec_bodies()


def _wrong_type(of: str) -> st.SearchStrategy[Any]:
    others: dict[str, st.SearchStrategy[Any]] = {
        "string": st.one_of(st.none(), st.integers(), st.booleans(), st.lists(st.integers())),
        "integer": st.one_of(
            st.none(),
            st.text(max_size=3),
            st.floats(0.5, 9.5).filter(lambda x: not x.is_integer()),
            st.booleans(),
        ),
        "boolean": st.one_of(st.none(), st.text(max_size=3), st.integers(2, 9)),
        "object": st.one_of(st.none(), st.text(max_size=3), st.lists(st.text(max_size=3))),
    }
    return others[of]


def invalid_exec_requests() -> st.SearchStrategy[bytes]:
    """Raw request bodies the API must refuse with a 400 Error (in the spec's Error schema).

    Malformed JSON, bodies that are not an object, a missing or empty command, and each field
    of a valid body given a value of the wrong type (or out of range).
    """
    fields = {
        "command": "string",
        "options": "object",
        "timeout": "integer",
        "stdin": "string",
        "env": "object",
        "cwd": "string",
        "container": "string",
        "background": "boolean",
    }

    @st.composite
    def one_wrong_field(draw: st.DrawFn) -> bytes:
        body: dict[str, Any] = draw(exec_requests())
        field = draw(st.sampled_from(sorted(fields)))
        bad = draw(_wrong_type(fields[field]))
        if field in ("command", "options"):
            body[field] = bad
        else:
            body.setdefault("options", {})[field] = bad
        return json.dumps(body).encode()

    negative = exec_requests().map(
        lambda body: {**body, "options": {**body.get("options", {}), "timeout": -1}}
    )
    return st.one_of(
        st.sampled_from([body for _, body in SCHEMA_INVALID_BODIES]),
        one_wrong_field(),
        negative.map(lambda body: json.dumps(body).encode()),
        st.builds(lambda body: json.dumps(body).encode()[:-1], exec_requests()),  # cut short
    )


def exec_results() -> st.SearchStrategy[dict[str, Any]]:
    """JSON answers of exec: ``stdout``, ``stderr``, ``exitCode`` and ``success == (exitCode == 0)``."""
    return st.builds(
        lambda stdout, stderr, code: {
            "stdout": stdout,
            "stderr": stderr,
            "exitCode": code,
            "success": code == 0,
        },
        _TEXT,
        _TEXT,
        _EXIT_CODES,
    )


@st.composite
def sse_events(draw: st.DrawFn, command: str | None = None) -> list[dict[str, Any]]:
    """One SSE answer as parsed events: ``{"id": n, "event": name, "data": {...}}`` in order.

    ``start`` first (with ``command``, generated when not given), then ``stdout``/``stderr``
    chunks, then exactly one ``complete`` (``success == (exitCode == 0)``) or ``error``.
    """
    shown = command if command is not None else draw(st.text(min_size=1, max_size=30))
    payloads: list[tuple[str, dict[str, Any]]] = [("start", {"type": "start", "command": shown})]
    for stream, data in draw(
        st.lists(st.tuples(st.sampled_from(["stdout", "stderr"]), st.text(min_size=1)), max_size=6)
    ):
        payloads.append((stream, {"type": stream, "data": data}))
    if draw(st.integers(0, 9)) == 0:
        payloads.append(("error", {"type": "error", "message": draw(st.text(min_size=1))}))
    else:
        code = draw(_EXIT_CODES)
        timed_out = code == 124 and draw(st.booleans())
        payloads.append(
            (
                "complete",
                {"type": "complete", "exitCode": code, "success": code == 0, "timedOut": timed_out},
            )
        )
    return [{"id": n, "event": name, "data": data} for n, (name, data) in enumerate(payloads, 1)]


def encode_sse(events: list[dict[str, Any]], keepalives: list[bool] | None = None) -> bytes:
    """``events`` as the bytes of a ``text/event-stream``; a ``: keepalive`` comment before
    each event whose entry in ``keepalives`` is true."""
    out = []
    for index, event in enumerate(events):
        if keepalives is not None and index < len(keepalives) and keepalives[index]:
            out.append(": keepalive\n\n")
        data = json.dumps(event["data"], ensure_ascii=False, separators=(",", ":"))
        out.append(f"id: {event['id']}\nevent: {event['event']}\ndata: {data}\n\n")
    return "".join(out).encode("utf-8")


@st.composite
def sse_streams(draw: st.DrawFn, command: str | None = None) -> bytes:
    """One SSE answer as the bytes a client reads, keepalive comments included."""
    events = draw(sse_events(command))
    keepalives = draw(st.lists(st.booleans(), min_size=len(events), max_size=len(events)))
    return encode_sse(events, keepalives)


__all__ = [
    "encode_sse",
    "exec_options",
    "exec_requests",
    "exec_results",
    "invalid_exec_requests",
    "runnable_exec_requests",
    "sse_events",
    "sse_streams",
]
