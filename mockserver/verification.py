"""Verify what a client sent the mock: recorded requests, filters, and assertions that explain.

The journal (``GET /__admin/requests``) comes back as a :class:`RequestLog` of
:class:`RecordedRequest`. Criteria are keyword arguments, each compared with the request's field
of that name:

* ``method``, ``path``, ``command``, ``sandbox``, ``status``: equal to a value, matched by a
  compiled regular expression (``re.compile(...)``, searched), or accepted by a callable;
* ``headers={"Authorization": "Bearer t"}``: each header (any case) as above; None means absent;
* ``body={"options": {"timeout": 5}}``: a subset of the JSON body (nested mappings are subsets
  too), or a callable given the body;
* ``where=lambda request: ...``: anything else.

A failed assertion says what was expected, which received request came closest, and how it
differs, field by field (the style of WireMock's ``verify`` and pytest-httpserver)::

    AssertionError: expected 1 request matching
        command: 'deploy'
        headers['authorization']: 'Bearer t0k'
    but none of the 2 received matches; the closest is #2 POST /api/v1/sandboxes/box/exec (200):
        headers['authorization']: expected 'Bearer t0k', got 'Bearer wrong'
    received:
        #1 POST /api/v1/sandboxes/box/exec 200 'ls'
        #2 POST /api/v1/sandboxes/box/exec 200 'deploy'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from mockserver.journal import command_of, sandbox_of

_MISSING = object()


@dataclass(frozen=True)
class RecordedEvent:
    """One SSE event of an answer: ``event`` name, ``data`` (JSON), sent ``at_ms``."""

    event: str | None
    id: str | None
    data: Any
    at_ms: float


@dataclass(frozen=True)
class RecordedResponse:
    status: int | None
    headers: httpx.Headers
    #: The JSON answer; None for a stream (see ``events``).
    body: Any
    #: The SSE events sent, None for an answer that is not a stream.
    events: list[RecordedEvent] | None
    #: False when the answer broke off (the client left, or a fault cut the connection).
    complete: bool


@dataclass(frozen=True)
class RecordedRequest:
    """One request the mock received, and its answer."""

    id: int
    method: str
    path: str
    query: str
    #: Case-insensitive: ``request.headers["authorization"]``.
    headers: httpx.Headers
    #: The body as JSON (None when it was not JSON).
    body: Any
    raw_body: str
    response: RecordedResponse
    duration_ms: float | None
    #: ``{"kind": "fixture" | "engine" | "mock", "engine", "fixture", "location", "description"}``
    answered_by: Mapping[str, Any]

    @property
    def status(self) -> int | None:
        return self.response.status

    @property
    def command(self) -> str | None:
        return command_of(self.body)

    @property
    def sandbox(self) -> str | None:
        return sandbox_of(self.path)

    @property
    def options(self) -> Mapping[str, Any]:
        options = self.body.get("options") if isinstance(self.body, dict) else None
        return options if isinstance(options, dict) else {}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RecordedRequest:
        response = data["response"]
        events = response.get("events")
        return cls(
            id=data["id"],
            method=data["method"],
            path=data["path"],
            query=data.get("query", ""),
            headers=httpx.Headers([tuple(pair) for pair in data["headers"]]),
            body=data.get("body"),
            raw_body=data.get("raw_body", ""),
            response=RecordedResponse(
                status=response.get("status"),
                headers=httpx.Headers([tuple(pair) for pair in response.get("headers", [])]),
                body=response.get("body"),
                events=None
                if events is None
                else [
                    RecordedEvent(e.get("event"), e.get("id"), e.get("data"), e.get("at_ms", 0.0))
                    for e in events
                ],
                complete=bool(response.get("complete")),
            ),
            duration_ms=data.get("duration_ms"),
            answered_by=data.get("answered_by") or {},
        )

    def describe(self) -> str:
        command = f" {self.command!r}" if self.command is not None else ""
        return f"#{self.id} {self.method} {self.path} {self.status}{command}"


@dataclass(frozen=True)
class Difference:
    field: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"{self.field}: expected {self.expected}, got {self.actual}"


class RequestPattern:
    """Criteria a request must meet (see the module's documentation)."""

    FIELDS = ("method", "path", "command", "sandbox", "status")

    def __init__(
        self,
        *,
        headers: Mapping[str, Any] | None = None,
        body: Any = _MISSING,
        where: Callable[[RecordedRequest], bool] | None = None,
        **fields: Any,
    ) -> None:
        unknown = set(fields) - set(self.FIELDS)
        if unknown:
            known = ", ".join((*self.FIELDS, "headers", "body", "where"))
            raise TypeError(f"unknown criteria {sorted(unknown)}; use {known}")
        self.fields = fields
        self.headers = dict(headers or {})
        self.body = body
        self.where = where

    def differences(self, request: RecordedRequest) -> list[Difference]:
        found: list[Difference] = []
        for name, wanted in self.fields.items():
            actual = getattr(request, name)
            if name == "method" and isinstance(wanted, str) and isinstance(actual, str):
                wanted, actual = wanted.upper(), actual.upper()
            if not _accepts(wanted, actual):
                found.append(Difference(name, _show(wanted), repr(actual)))
        for header, wanted in self.headers.items():
            values = request.headers.get_list(header)
            actual = values[0] if len(values) == 1 else (values or None)
            if wanted is None:
                if values:
                    found.append(Difference(f"headers[{header.lower()!r}]", "absent", repr(actual)))
            elif actual is None:
                found.append(Difference(f"headers[{header.lower()!r}]", _show(wanted), "(absent)"))
            elif not any(_accepts(wanted, value) for value in values):
                found.append(
                    Difference(f"headers[{header.lower()!r}]", _show(wanted), repr(actual))
                )
        if self.body is not _MISSING:
            found.extend(_body_differences(self.body, request.body, "body"))
        if self.where is not None and not self.where(request):
            found.append(Difference("where", _show(self.where), "False"))
        return found

    def matches(self, request: RecordedRequest) -> bool:
        return not self.differences(request)

    def describe(self) -> list[str]:
        lines = [f"{name}: {_show(value)}" for name, value in self.fields.items()]
        lines += [f"headers[{k.lower()!r}]: {_show(v)}" for k, v in self.headers.items()]
        if self.body is not _MISSING:
            lines.append(
                f"body: {_show(self.body)}" + (" (a subset)" if isinstance(self.body, dict) else "")
            )
        if self.where is not None:
            lines.append(f"where: {_show(self.where)}")
        return lines or ["(any request)"]


def _accepts(wanted: Any, actual: Any) -> bool:
    if isinstance(wanted, re.Pattern):
        return isinstance(actual, str) and wanted.search(actual) is not None
    if callable(wanted):
        return bool(wanted(actual))
    return bool(wanted == actual)


def _show(value: Any) -> str:
    if isinstance(value, re.Pattern):
        return f"re.compile({value.pattern!r})"
    if callable(value):
        name = getattr(value, "__name__", type(value).__name__)
        return f"a {name} that accepts it" if name != "<lambda>" else "a predicate that accepts it"
    return repr(value)


def _body_differences(wanted: Any, actual: Any, where: str) -> list[Difference]:
    if isinstance(wanted, Mapping):
        if not isinstance(actual, Mapping):
            return [Difference(where, "a JSON object", repr(actual))]
        found: list[Difference] = []
        for key, value in wanted.items():
            if key not in actual:
                found.append(Difference(f"{where}[{key!r}]", _show(value), "(absent)"))
            else:
                found.extend(_body_differences(value, actual[key], f"{where}[{key!r}]"))
        return found
    if _accepts(wanted, actual):
        return []
    return [Difference(where, _show(wanted), repr(actual))]


class RequestLog(list[RecordedRequest]):
    """Requests as received, oldest first: filter them and assert on them."""

    def filter(self, **criteria: Any) -> RequestLog:
        """The requests meeting every criterion (see the module's documentation)."""
        pattern = RequestPattern(**criteria)
        return RequestLog(r for r in self if pattern.matches(r))

    @property
    def commands(self) -> list[str | None]:
        return [request.command for request in self]

    def assert_called(self, *, times: int | None = None, **criteria: Any) -> RequestLog:
        """At least one request (exactly ``times``, when given) meets the criteria; returns them."""
        __tracebackhide__ = True
        pattern = RequestPattern(**criteria)
        matching = RequestLog(r for r in self if pattern.matches(r))
        if (times is None and matching) or (times is not None and len(matching) == times):
            return matching
        raise AssertionError(self._explain(pattern, matching, times))

    def assert_called_once(self, **criteria: Any) -> RecordedRequest:
        """Exactly one request meets the criteria; returns it."""
        __tracebackhide__ = True
        return self.assert_called(times=1, **criteria)[0]

    def assert_not_called(self, **criteria: Any) -> None:
        """No request meets the criteria."""
        __tracebackhide__ = True
        self.assert_called(times=0, **criteria)

    def _explain(self, pattern: RequestPattern, matching: RequestLog, times: int | None) -> str:
        wanted = "at least 1 request" if times is None else _plural(times, "request")
        lines = [f"expected {wanted} matching", *(f"    {line}" for line in pattern.describe())]
        if matching:
            ids = ", ".join(f"#{r.id}" for r in matching)
            lines.append(f"but {len(matching)} of the {len(self)} received match: {ids}")
        elif not self:
            lines.append("but the mock received no request")
        else:
            closest = min(reversed(self), key=lambda r: len(pattern.differences(r)))
            lines.append(
                f"but none of the {len(self)} received matches; the closest is "
                f"#{closest.id} {closest.method} {closest.path} ({closest.status}):"
            )
            lines.extend(f"    {difference}" for difference in pattern.differences(closest))
        if self:
            lines.append("received:")
            lines.extend(f"    {request.describe()}" for request in self)
        return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def request_log(entries: Iterable[Mapping[str, Any]]) -> RequestLog:
    """A log from the admin API's journal entries."""
    return RequestLog(RecordedRequest.from_json(entry) for entry in entries)
