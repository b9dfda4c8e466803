"""The system under test, seen over HTTP: bounded reads, streams read as they arrive."""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from mockserver.conformance.dialects import TERMINAL_EVENTS
from mockserver.conformance.exchange import Answer, ProbeRequest, SseEvent, StreamAnswer
from mockserver.conformance.sse import SseParser
from mockserver.conformance.violations import NoAnswer, Refused

EXEC_TEMPLATE = "/api/v1/sandboxes/{id}/exec"


class TargetUnreachable(Exception):
    """Nothing answers at the base URL (a connection error, not a violation)."""


class Target:
    """One implementation of the Sandbox API, addressed by its base URL."""

    def __init__(
        self,
        base_url: str,
        sandbox_id: str,
        headers: Mapping[str, str] | None = None,
        *,
        request_timeout: float = 30.0,
        stream_time_limit: float = 20.0,
        stream_event_limit: int = 10_000,
        max_body_bytes: int = 64 * 1024 * 1024,
        close_grace: float = 2.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.sandbox_id = sandbox_id
        self.headers = dict(headers or {})
        self.request_timeout = request_timeout
        self.stream_time_limit = stream_time_limit
        self.stream_event_limit = stream_event_limit
        self.max_body_bytes = max_body_bytes
        self.close_grace = close_grace
        self._client = httpx.Client(timeout=httpx.Timeout(request_timeout, connect=5.0))
        # Requests carry exactly the headers a probe names: no implicit Accept.
        del self._client.headers["accept"]

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
        timeout = kwargs.pop("timeout", None)
        return self.send(self.exec_request(payload, **kwargs), timeout=timeout)

    def send(self, request: ProbeRequest, *, timeout: float | None = None) -> Answer:
        """Send and read the whole answer, up to the body limit and the time limit."""
        limit = self.request_timeout if timeout is None else timeout
        started = time.monotonic()
        deadline = started + limit
        with self._opened(request, limit) as response:
            body = bytearray()
            truncated = False
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_body_bytes or time.monotonic() > deadline:
                    truncated = True
                    break
            if truncated and time.monotonic() > deadline:
                raise NoAnswer(
                    f"the whole answer within {limit:g} s",
                    f"{response.status_code} with {len(body)} bytes read, body still open",
                    request,
                )
            return Answer(
                request=request,
                status=response.status_code,
                headers=_headers(response),
                body=bytes(body),
                elapsed=time.monotonic() - started,
                truncated=truncated,
            )

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
        reading (and drops the connection) once it returns True for an event.
        """
        limit = self.stream_time_limit if time_limit is None else time_limit
        max_events = self.stream_event_limit if event_limit is None else event_limit
        started = time.monotonic()
        deadline = started + limit
        parser = SseParser()
        events: list[SseEvent] = []
        with self._opened(request, limit) as response:
            headers = _headers(response)
            is_stream = _media_type(headers) == "text/event-stream"
            body = bytearray()
            cut: str | None = None
            with _Reader(response) as reader:
                while True:
                    chunk = reader.next(deadline - time.monotonic())
                    now = time.monotonic() - started
                    if chunk is None:
                        cut = (
                            f"open {self.close_grace:g} s after the terminal event"
                            if any(e.event in TERMINAL_EVENTS for e in events)
                            else f"time limit ({limit:g} s)"
                        )
                        break
                    if chunk == b"":
                        events += parser.finish(now)
                        break
                    body += chunk
                    if len(body) > self.max_body_bytes:
                        cut = "body limit"
                        break
                    if not is_stream:
                        continue
                    new = parser.feed(chunk, now)
                    events += new
                    if stop is not None and any(stop(event) for event in new):
                        cut = "stopped early"
                        break
                    if len(events) >= max_events:
                        cut = f"event limit ({max_events})"
                        break
                    if any(event.event in TERMINAL_EVENTS for event in new):
                        # The server closes the stream after its terminal event: wait for
                        # that only briefly (a stream left open is judged, not waited out).
                        deadline = min(deadline, time.monotonic() + self.close_grace)
            return StreamAnswer(
                request=request,
                status=response.status_code,
                headers=headers,
                events=tuple(events),
                body=bytes(body),
                closed_by_server=cut is None,
                cut=cut,
                trailing=parser.trailing,
                elapsed=time.monotonic() - started,
                comments=tuple(parser.comments),
            )

    @contextlib.contextmanager
    def _opened(self, request: ProbeRequest, limit: float) -> Iterator[httpx.Response]:
        """The response to ``request``, read within the block; a transport failure while sending
        or reading is the verdict it stands for (no answer in time, refused, broken)."""
        try:
            with self._client.stream(
                request.method,
                request.url,
                headers=list(request.headers),
                content=request.body,
                timeout=httpx.Timeout(limit, connect=5.0),
            ) as response:
                yield response
        except httpx.TimeoutException as error:
            raise NoAnswer(
                f"an answer within {limit:g} s", f"no answer ({type(error).__name__})", request
            ) from error
        except httpx.ConnectError as error:
            raise Refused("an HTTP answer", f"{type(error).__name__}: {error}", request) from error
        except httpx.TransportError as error:
            raise NoAnswer("an HTTP answer", f"{type(error).__name__}: {error}", request) from error

    def ensure_reachable(self) -> None:
        """Raise TargetUnreachable when nothing accepts connections at the base URL."""
        try:
            self._client.request("GET", self.base_url + "/", timeout=10.0)
        except httpx.TransportError as error:
            raise TargetUnreachable(
                f"cannot reach {self.base_url}: {type(error).__name__}: {error}"
            ) from error


def _headers(response: httpx.Response) -> dict[str, str]:
    merged: dict[str, str] = {}
    for key, value in response.headers.multi_items():
        name = key.lower()
        merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged


def _media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


class _Reader:
    """Reads a response body on a helper thread; the caller waits with its own deadline.

    Leaving the block shuts the socket down, which wakes the helper if the server is silent.
    """

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self._chunks: queue.Queue[bytes | BaseException] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, daemon=True)

    def __enter__(self) -> _Reader:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread.is_alive():
            _shutdown(self._response)
            self._thread.join(timeout=5.0)

    def _pump(self) -> None:
        try:
            for chunk in self._response.iter_bytes():
                if chunk:
                    self._chunks.put(chunk)
            self._chunks.put(b"")
        except BaseException as error:  # handed to the reading thread
            self._chunks.put(error)

    def next(self, timeout: float) -> bytes | None:
        """The next chunk; ``b""`` at the end of the body; None when ``timeout`` runs out."""
        if timeout <= 0:
            return None
        try:
            item = self._chunks.get(timeout=timeout)
        except queue.Empty:
            return None
        if isinstance(item, httpx.ReadTimeout):
            return None
        if isinstance(item, BaseException):
            raise item
        return item


def _shutdown(response: httpx.Response) -> None:
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            return
