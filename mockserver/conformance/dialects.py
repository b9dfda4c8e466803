"""SSE dialects the checker reads: the contract's own (section 4) and the data-only one.

A dialect says how a stream is framed (``framing_problems``) and turns its events into the
contract's canonical ``start``/``stdout``/``stderr``/``complete``/``error`` form
(``canonical``), so every other check judges the output, exit code and order of any dialect
alike.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from mockserver.conformance.exchange import SseEvent

DialectName = Literal["default", "data-only"]
DIALECTS: tuple[DialectName, ...] = ("default", "data-only")

SSE_EVENT_NAMES = frozenset({"start", "stdout", "stderr", "complete", "error"})
TERMINAL_EVENTS = frozenset({"complete", "error"})


@dataclass(frozen=True, slots=True)
class Dialect:
    name: DialectName
    #: Whether the stream opens with a ``start`` event.
    has_start: bool

    def canonical(self, events: Sequence[SseEvent]) -> tuple[SseEvent, ...]:
        if self.name == "default":
            return tuple(events)
        return tuple(_from_data_only(event) for event in events)

    def framing_problems(
        self, events: Sequence[SseEvent], *, closed_by_server: bool, trailing: bytes
    ) -> list[str]:
        problems = (
            _default_problems(events) if self.name == "default" else _data_only_problems(events)
        )
        terminal = any(_kind(self, event) in TERMINAL_EVENTS for event in events)
        if events and terminal and not closed_by_server:
            problems.append("the server kept the stream open after the terminal event")
        if closed_by_server and trailing.strip():
            problems.append(f"the stream ends inside an unterminated frame: {trailing[:80]!r}")
        return problems

    def describe(self) -> str:
        if self.name == "default":
            return (
                "start first, integer ids from 1 increasing, one-line JSON data, one terminal event"
            )
        return (
            'unnamed one-line JSON events {"stdout": ...} / {"stderr": ...}, ending in one'
            ' {"exit_code": N, "finished": true} or {"error": ..., "finished": true}'
        )


DEFAULT = Dialect("default", has_start=True)
DATA_ONLY = Dialect("data-only", has_start=False)


def dialect(name: str) -> Dialect:
    """The dialect called ``name`` (``default`` or ``data-only``)."""
    if name == "data-only":
        return DATA_ONLY
    if name == "default":
        return DEFAULT
    raise ValueError(f"unknown SSE dialect {name!r}: use one of {', '.join(DIALECTS)}")


def _payload(event: SseEvent) -> Any:
    try:
        return json.loads(event.data)
    except ValueError:
        return None


def _kind(which: Dialect, event: SseEvent) -> str | None:
    """The canonical name of an event of ``which`` dialect."""
    if which.name == "default":
        return event.event
    return _data_only_kind(_payload(event))


def _data_only_kind(payload: Any) -> str | None:
    if not isinstance(payload, dict):
        return None
    if payload.get("finished") is True:
        return "error" if "error" in payload else "complete"
    for name in ("stdout", "stderr"):
        if name in payload:
            return name
    return None


def _from_data_only(event: SseEvent) -> SseEvent:
    payload = _payload(event)
    kind = _data_only_kind(payload)
    if kind is None:
        return event
    assert isinstance(payload, dict)
    canonical: dict[str, Any]
    if kind in ("stdout", "stderr"):
        canonical = {"type": kind, "data": payload[kind]}
    elif kind == "error":
        canonical = {"type": "error", "message": payload["error"]}
    else:
        code = payload.get("exit_code")
        canonical = {"type": "complete", "exitCode": code}
        if isinstance(code, int) and not isinstance(code, bool):
            canonical["success"] = code == 0
        if "timed_out" in payload:
            canonical["timedOut"] = payload["timed_out"]
    return SseEvent(
        event=kind,
        id=event.id,
        data=json.dumps(canonical),
        arrived=event.arrived,
        data_lines=event.data_lines,
    )


def _id_problems(where: str, event: SseEvent, previous: int | None) -> tuple[list[str], int | None]:
    if event.id is None or not event.id.isascii() or not event.id.isdigit():
        return [f"{where}: id {event.id!r} is not an integer"], previous
    number = int(event.id)
    problems = []
    if previous is None and number != 1:
        problems.append(f"{where}: the first id is {number}, not 1")
    if previous is not None and number <= previous:
        problems.append(f"{where}: id {number} does not increase on {previous}")
    return problems, number


def _default_problems(events: Sequence[SseEvent]) -> list[str]:
    problems: list[str] = []
    if not events:
        return ["the stream has no events"]
    previous: int | None = None
    starts = 0
    terminal_at: int | None = None
    for index, event in enumerate(events):
        where = f"event #{index + 1} ({event.event or 'unnamed'})"
        if event.event is None:
            problems.append(f"{where}: no event: field (the dialect names every event)")
        elif event.event not in SSE_EVENT_NAMES:
            problems.append(f"{where}: event name {event.event!r} is not one of the dialect's")
        found, previous = _id_problems(where, event, previous)
        problems += found
        if event.data_lines != 1:
            problems.append(f"{where}: data spans {event.data_lines} lines, not one line of JSON")
        problems += [f"{where}: {problem}" for problem in _default_payload_problems(event)]
        if event.event == "start":
            starts += 1
            if index != 0:
                problems.append(f"{where}: start is not the first event")
        if event.event in TERMINAL_EVENTS:
            if terminal_at is not None:
                problems.append(f"{where}: a second terminal event")
            terminal_at = index
        elif terminal_at is not None and event.event in SSE_EVENT_NAMES:
            problems.append(f"{where}: sent after the terminal event")
    if starts == 0:
        problems.append("no start event")
    elif starts > 1:
        problems.append(f"{starts} start events, not exactly one")
    if terminal_at is None:
        problems.append("no terminal event (complete or error)")
    return problems


def _default_payload_problems(event: SseEvent) -> list[str]:
    payload = _payload(event)
    if payload is None:
        return [f"data is not JSON: {event.data[:80]!r}"]
    if not isinstance(payload, dict):
        return [f"data is a JSON {type(payload).__name__}, not an object"]
    problems = []
    if event.event in SSE_EVENT_NAMES and payload.get("type") != event.event:
        problems.append(f"data type is {payload.get('type')!r}, not {event.event!r}")
    if event.event in ("stdout", "stderr") and not isinstance(payload.get("data"), str):
        problems.append(f"data.data is {json.dumps(payload.get('data'))[:60]}, not a string")
    if event.event == "complete":
        exit_code, success = payload.get("exitCode"), payload.get("success")
        if not _is_int(exit_code):
            problems.append(f"exitCode is {json.dumps(exit_code)[:40]}, not an integer")
        if not isinstance(success, bool):
            problems.append(f"success is {json.dumps(success)[:40]}, not a boolean")
        if not isinstance(payload.get("timedOut"), bool):
            problems.append(
                f"timedOut is {json.dumps(payload.get('timedOut'))[:40]}, not a boolean"
            )
        if _is_int(exit_code) and isinstance(success, bool) and success != (exit_code == 0):
            problems.append(f"success is {json.dumps(success)} but exitCode is {exit_code}")
    if event.event == "error" and not isinstance(payload.get("message"), str):
        problems.append("error event without a message string")
    return problems


def _data_only_problems(events: Sequence[SseEvent]) -> list[str]:
    problems: list[str] = []
    if not events:
        return ["the stream has no events"]
    previous: int | None = None
    terminal_at: int | None = None
    for index, event in enumerate(events):
        payload = _payload(event)
        kind = _data_only_kind(payload)
        where = f"event #{index + 1} ({kind or 'unknown'})"
        if event.id is not None:
            found, previous = _id_problems(where, event, previous)
            problems += found
        if event.data_lines != 1:
            problems.append(f"{where}: data spans {event.data_lines} lines, not one line of JSON")
        if payload is None:
            problems.append(f"{where}: data is not JSON: {event.data[:80]!r}")
            continue
        if kind is None:
            problems.append(
                f"{where}: data {event.data[:80]!r} has none of stdout, stderr, or finished: true"
            )
            continue
        assert isinstance(payload, dict)
        if kind in ("stdout", "stderr") and not isinstance(payload[kind], str):
            problems.append(f"{where}: {kind} is {json.dumps(payload[kind])[:60]}, not a string")
        if kind == "complete":
            if not _is_int(payload.get("exit_code")):
                problems.append(
                    f"{where}: exit_code is {json.dumps(payload.get('exit_code'))[:40]},"
                    " not an integer"
                )
            if "timed_out" in payload and not isinstance(payload["timed_out"], bool):
                problems.append(f"{where}: timed_out is not a boolean")
        if kind == "error" and not isinstance(payload["error"], str):
            problems.append(f"{where}: error is not a message string")
        if kind in TERMINAL_EVENTS:
            if terminal_at is not None:
                problems.append(f"{where}: a second terminal event")
            terminal_at = index
        elif terminal_at is not None:
            problems.append(f"{where}: sent after the terminal event")
    if terminal_at is None:
        problems.append('no terminal event ({"finished": true})')
    return problems


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
