"""The system under test, seen over HTTP: bounded reads, streams read as they arrive."""

from __future__ import annotations

import queue
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from mockserver.conformance.config import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_EVENT_BYTES,
    DEFAULT_STREAM_EVENT_LIMIT,
)
from mockserver.conformance.dialects import TERMINAL_EVENTS, Dialect, dialect
from mockserver.conformance.exchange import Answer, ProbeRequest, SseEvent, StreamAnswer
from mockserver.conformance.sse import SseParser
from mockserver.conformance.violations import NoAnswer, Refused

EXEC_TEMPLATE = "/api/v1/sandboxes/{id}/exec"


class TargetUnreachable(Exception):
    """Nothing answers at the base URL (a connection error, not a violation)."""


class CheckTimeUp(Exception):
    """The check's own time limit ran out (``--check-time-limit``): a connection error."""


class Target:
    """One implementation of the Sandbox API, addressed by its base URL.

    Every read is bounded: the whole answer within its time limit (a server that never sends
    its headers included), at most ``max_body_bytes`` of body, events of at most
    ``max_event_bytes``, at most ``stream_event_limit`` events, and, while ``check_deadline``
    is set, nothing past it. Going past a bound is a verdict that shows what was read so far.
    """

    def __init__(
        self,
        base_url: str,
        sandbox_id: str,
        headers: Mapping[str, str] | None = None,
        *,
        request_timeout: float = 30.0,
        stream_time_limit: float = 20.0,
        stream_event_limit: int = DEFAULT_STREAM_EVENT_LIMIT,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        close_grace: float = 2.0,
        sse_dialect: str = "default",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.sandbox_id = sandbox_id
        self.headers = dict(headers or {})
        self.request_timeout = request_timeout
        self.stream_time_limit = stream_time_limit
        self.stream_event_limit = stream_event_limit
        self.max_body_bytes = max_body_bytes
        self.max_event_bytes = max_event_bytes
        self.close_grace = close_grace
        self.dialect: Dialect = dialect(sse_dialect)
        #: A monotonic time after which no request is sent or read (the check's time limit).
        self.check_deadline: float | None = None
        self.check_time_limit: float | None = None
        self._client = self._new_client()

    def _new_client(self) -> httpx.Client:
        client = httpx.Client(timeout=httpx.Timeout(self.request_timeout, connect=5.0))
        # Requests carry exactly the headers a probe names: no implicit Accept.
        del client.headers["accept"]
        return client

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Target:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- building requests -----------------------------------------------------------------

    def exec_url(self, sandbox_id: str | None = None) -> str:
        sandbox = self.sandbox_id if sandbox_id is None else sandbox_id
        return self.base_url + EXEC_TEMPLATE.format(id=quote(sandbox, safe=""))

    def url(self, path: str) -> str:
        return self.base_url + path

    def exec_request(
        self,
        payload: Any,
        *,
        sandbox_id: str | None = None,
        accept: str | None = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> ProbeRequest:
        merged = dict(self.headers)
        if accept is not None:
            merged["Accept"] = accept
        merged.update(headers or {})
        return ProbeRequest.json_post(self.exec_url(sandbox_id), payload, merged)

    def raw_request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ProbeRequest:
        merged = {**self.headers, **(headers or {})}
        return ProbeRequest(method, url, tuple(merged.items()), body)

    # -- sending -------------------------------------------------------------------------------

    def exec(self, payload: Any, **kwargs: Any) -> Answer:
        """Send an exec call; ``timeout`` bounds the answer, ``alone`` sends it over a
        connection of its own, closed as soon as the answer is read."""
        timeout = kwargs.pop("timeout", None)
        alone = kwargs.pop("alone", False)
        return self.send(self.exec_request(payload, **kwargs), timeout=timeout, alone=alone)

    def send(
        self, request: ProbeRequest, *, timeout: float | None = None, alone: bool = False
    ) -> Answer:
        """Send and read the whole answer, within the time limit and the body limit."""
        limit = self.request_timeout if timeout is None else timeout
        answer = self._read(request, limit, events=False, alone=alone)
        if answer.cut is not None:
            read = len(answer.body)
            raise NoAnswer(
                f"the whole answer within {answer.cut}",
                f"{answer.status} {answer.headers.get('content-type', '(no Content-Type)')},"
                f" {read} bytes read and the body still open: {_preview(answer.body)}",
                request,
                timed_out="time" in answer.cut,
            )
        return answer.as_answer()

    def stream(
        self,
        request: ProbeRequest,
        *,
        time_limit: float | None = None,
        event_limit: int | None = None,
        stop: Callable[[SseEvent], bool] | None = None,
    ) -> StreamAnswer:
        """Send and read the answer as it arrives, event by event, never past the bounds.

        Bytes are read by a helper thread, so a silent server is waited for only until the
        deadline, which shrinks to ``close_grace`` once the terminal event arrived. ``stop`` ends
        reading (and drops the connection) once it returns True for an event. Events come out in
        the contract's canonical form whatever the dialect (``raw_events`` keeps the wire's).
        """
        limit = self.stream_time_limit if time_limit is None else time_limit
        max_events = self.stream_event_limit if event_limit is None else event_limit
        return self._read(request, limit, events=True, max_events=max_events, stop=stop)

    def _limit(self, wanted: float) -> tuple[float, bool]:
        """The time a request may take, and whether the check's own deadline shortened it."""
        if self.check_deadline is None:
            return wanted, False
        left = self.check_deadline - time.monotonic()
        if left <= 0:
            raise CheckTimeUp(f"the check's time limit ({self.check_time_limit:g} s) ran out")
        return (left, True) if left < wanted else (wanted, False)

    def _read(
        self,
        request: ProbeRequest,
        wanted: float,
        *,
        events: bool,
        max_events: int = 0,
        stop: Callable[[SseEvent], bool] | None = None,
        alone: bool = False,
    ) -> StreamAnswer:
        limit, by_check = self._limit(wanted)
        started = time.monotonic()
        deadline = started + limit
        client = self._new_client() if alone else self._client
        exchange = _Exchange(client, request, limit, owned=alone)
        try:
            response = exchange.head(deadline)
            if response is None:
                if by_check:
                    raise CheckTimeUp(
                        f"the check's time limit ({self.check_time_limit:g} s) ran out waiting"
                        f" for the answer to {request.method} {request.url}"
                    )
                raise NoAnswer(
                    f"an answer within {limit:g} s",
                    f"no status line and headers within {limit:g} s (Timeout)",
                    request,
                    timed_out=True,
                )
            headers = _headers(response)
            sse = events and _media_type(headers) == "text/event-stream"
            parser = SseParser()
            wire: list[SseEvent] = []
            canonical: list[SseEvent] = []
            body = bytearray()
            cut: str | None = None
            while True:
                try:
                    chunk = exchange.next(deadline - time.monotonic())
                except httpx.TransportError as error:
                    raise NoAnswer(
                        "a whole HTTP answer",
                        f"{response.status_code} then the connection broke after {len(body)}"
                        f" bytes ({type(error).__name__}: {error}): {_preview(bytes(body))}",
                        request,
                    ) from error
                now = time.monotonic() - started
                if chunk is None:
                    if by_check:
                        raise CheckTimeUp(
                            f"the check's time limit ({self.check_time_limit:g} s) ran out"
                            f" reading {request.method} {request.url} ({len(body)} bytes read)"
                        )
                    ended = any(e.event in TERMINAL_EVENTS for e in canonical)
                    cut = (
                        f"open {self.close_grace:g} s after the terminal event"
                        if ended
                        else f"the time limit ({limit:g} s)"
                    )
                    break
                if chunk == b"":
                    if sse:
                        wire += parser.finish(now)
                        canonical += self.dialect.canonical(wire[len(canonical) :])
                    break
                body += chunk
                if len(body) > self.max_body_bytes:
                    cut = f"the body limit ({self.max_body_bytes} bytes)"
                    break
                if not sse:
                    continue
                new = parser.feed(chunk, now)
                wire += new
                fresh = self.dialect.canonical(new)
                canonical += fresh
                if parser.pending_bytes > self.max_event_bytes:
                    cut = f"the event size limit ({self.max_event_bytes} bytes)"
                    break
                if stop is not None and any(stop(event) for event in fresh):
                    cut = "stopped early"
                    break
                if len(canonical) >= max_events:
                    cut = f"the event limit ({max_events} events)"
                    break
                if any(event.event in TERMINAL_EVENTS for event in fresh):
                    # The server closes the stream after its terminal event: wait for
                    # that only briefly (a stream left open is judged, not waited out).
                    deadline = min(deadline, time.monotonic() + self.close_grace)
            return StreamAnswer(
                request=request,
                status=response.status_code,
                headers=headers,
                events=tuple(canonical),
                body=bytes(body),
                closed_by_server=cut is None,
                cut=cut,
                trailing=parser.trailing,
                elapsed=time.monotonic() - started,
                comments=tuple(parser.comments),
                dialect=self.dialect.name,
                raw_events=None if self.dialect.name == "default" else tuple(wire),
            )
        finally:
            exchange.close()

    def ensure_reachable(self) -> None:
        """Raise TargetUnreachable when nothing accepts connections at the base URL."""
        parts = urlsplit(self.base_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            with socket.create_connection((parts.hostname or "localhost", port), timeout=5.0):
                return
        except OSError as error:
            raise TargetUnreachable(
                f"cannot reach {self.base_url}: {type(error).__name__}: {error}"
            ) from error


def _preview(body: bytes, limit: int = 200) -> str:
    text = repr(body[:limit])
    return text + (f"... ({len(body)} bytes)" if len(body) > limit else "")


def _headers(response: httpx.Response) -> dict[str, str]:
    merged: dict[str, str] = {}
    for key, value in response.headers.multi_items():
        name = key.lower()
        merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged


def _media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


class _Exchange:
    """One request, sent and read on a helper thread; the caller waits with its own deadline.

    A server that never sends its headers, or trickles them, cannot hold the caller: it waits
    only until its deadline. Closing shuts the socket down, which wakes the helper if the
    server is silent; a helper still waiting for headers is left to end with its connection.
    """

    def __init__(
        self, client: httpx.Client, request: ProbeRequest, limit: float, *, owned: bool
    ) -> None:
        self._client = client
        self._owned = owned
        self._request = request
        self._limit = limit
        self._items: queue.Queue[httpx.Response | bytes | BaseException] = queue.Queue()
        self._response: httpx.Response | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        request = self._request
        try:
            with self._client.stream(
                request.method,
                request.url,
                headers=list(request.headers),
                content=request.body,
                timeout=httpx.Timeout(self._limit, connect=min(5.0, self._limit)),
            ) as response:
                self._items.put(response)
                for chunk in response.iter_bytes():
                    if self._done.is_set():
                        return
                    if chunk:
                        self._items.put(chunk)
                self._items.put(b"")
        except BaseException as error:  # handed to the reading thread
            self._items.put(error)

    def _get(self, timeout: float) -> httpx.Response | bytes | BaseException | None:
        if timeout <= 0:
            return None
        try:
            return self._items.get(timeout=timeout)
        except queue.Empty:
            return None

    def head(self, deadline: float) -> httpx.Response | None:
        """The response once its headers are in; None when the deadline passes first."""
        item = self._get(deadline - time.monotonic())
        if item is None or isinstance(item, httpx.TimeoutException):
            return None
        if isinstance(item, httpx.ConnectError):
            raise Refused(
                "an HTTP answer", f"{type(item).__name__}: {item}", self._request
            ) from item
        if isinstance(item, httpx.TransportError):
            raise NoAnswer(
                "an HTTP answer", f"{type(item).__name__}: {item}", self._request
            ) from item
        if isinstance(item, BaseException):
            raise item
        assert isinstance(item, httpx.Response)
        self._response = item
        return item

    def next(self, timeout: float) -> bytes | None:
        """The next chunk; ``b""`` at the end of the body; None when ``timeout`` runs out."""
        item = self._get(timeout)
        if item is None or isinstance(item, httpx.ReadTimeout):
            return None
        if isinstance(item, BaseException):
            raise item
        assert isinstance(item, bytes)
        return item

    def close(self) -> None:
        self._done.set()
        if self._thread.is_alive() and self._response is not None:
            _shutdown(self._response)
            self._thread.join(timeout=5.0)
        if self._owned:
            if self._thread.is_alive():
                _close_pool_sockets(self._client)
            self._client.close()


def _shutdown(response: httpx.Response) -> None:
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            return


def _close_pool_sockets(client: httpx.Client) -> None:
    """Wake a helper still waiting for headers on a client of its own (best effort)."""
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    for connection in list(getattr(pool, "connections", []) or []):
        stream = getattr(getattr(connection, "_connection", None), "_network_stream", None)
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                continue
