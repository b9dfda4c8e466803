"""Server-Sent Events: the dialect of CONTRACT section 4, framed chunk by chunk as produced.

``stream_events`` turns a started :class:`~mockserver.execution.Run` into SSE bytes: ``start``,
each output chunk the moment it arrives, ``: keepalive`` comments while the command is silent,
then one ``complete`` or ``error``. :class:`EventStream` sends them as an ASGI response. If the
client goes away, the run is detached (the command keeps going) and nothing is left behind.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.types import Receive, Scope, Send

from mockserver.engines.base import Cut, Event, Exit, Failure, Output
from mockserver.execution import Run

KEEPALIVE = b": keepalive\n\n"
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
_RAW_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    *((name.lower().encode(), value.encode()) for name, value in SSE_HEADERS.items()),
]


def frame(event_id: int, event: str | None, data: dict[str, Any]) -> bytes:
    """One SSE event; ``data`` is one line of JSON (newlines inside strings are escaped)."""
    lines = [f"id: {event_id}"]
    if event is not None:
        lines.append(f"event: {event}")
    lines.append("data: " + json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return ("\n".join(lines) + "\n\n").encode("utf-8")


Payload = tuple[str | None, dict[str, Any]]
Dialect = Callable[[str, Event | None], Payload | None]


def default_dialect(command: str, event: Event | None) -> Payload | None:
    """``start`` / ``stdout`` / ``stderr`` / ``complete`` / ``error`` events (CONTRACT section 4)."""
    if event is None:
        return "start", {"type": "start", "command": command}
    if isinstance(event, Output):
        return event.stream, {"type": event.stream, "data": event.data}
    if isinstance(event, Exit):
        return "complete", {
            "type": "complete",
            "exitCode": event.code,
            "success": event.success,
            "timedOut": event.timed_out,
        }
    if isinstance(event, Failure):
        return "error", {"type": "error", "message": event.message}
    return None


def data_only_dialect(command: str, event: Event | None) -> Payload | None:
    """Unnamed events: ``{"stdout": ...}`` / ``{"stderr": ...}`` / ``{"exit_code": N, ...}``."""
    if event is None:
        return None
    if isinstance(event, Output):
        return None, {event.stream: event.data}
    if isinstance(event, Exit):
        return None, {"exit_code": event.code, "finished": True, "timed_out": event.timed_out}
    if isinstance(event, Failure):
        return None, {"error": event.message, "finished": True}
    return None


#: By the names in ``settings.SSE_DIALECTS``.
DIALECTS: dict[str, Dialect] = {"default": default_dialect, "data-only": data_only_dialect}


async def stream_events(
    run: Run, command: str, *, keepalive_interval: float, dialect: Dialect = default_dialect
) -> AsyncIterator[bytes]:
    """The SSE bytes of ``run``: ``start`` at once, each event as it comes, keepalives between.

    Ends after the terminal event, or when the run is detached (its reader went away).
    """
    event_id = 0

    def emit(event: Event | None) -> bytes | None:
        nonlocal event_id
        payload = dialect(command, event)
        if payload is None:
            return None
        event_id += 1
        return frame(event_id, *payload)

    if (first := emit(None)) is not None:
        yield first
    while True:
        try:
            event = await run.next(keepalive_interval)
        except TimeoutError:
            yield KEEPALIVE
            continue
        if run.detached or isinstance(event, Cut):
            return
        if event is None:
            event = Failure("the engine ended without an exit status")
        if (chunk := emit(event)) is not None:
            yield chunk
        if isinstance(event, Exit | Failure):
            return


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


class EventStream:
    """An ASGI response streaming a started run as SSE, each frame sent the moment it exists.

    One small task waits for the client to leave; when it does, the run is detached (the command
    goes on, its output dropped) and the stream ends.
    """

    def __init__(
        self, run: Run, command: str, *, keepalive_interval: float, dialect: Dialect
    ) -> None:
        self.run = run
        self.frames = stream_events(
            run, command, keepalive_interval=keepalive_interval, dialect=dialect
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        run = self.run
        await send({"type": "http.response.start", "status": 200, "headers": _RAW_HEADERS})
        listener = asyncio.ensure_future(_until_disconnect(receive))
        listener.add_done_callback(lambda _: run.detach())
        try:
            async for chunk in self.frames:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            listener.cancel()
            run.detach()
