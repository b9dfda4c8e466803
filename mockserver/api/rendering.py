"""One event stream, two renderings: the JSON answer and the SSE stream."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from starlette.responses import Response, StreamingResponse

from mockserver.engines.base import Cut, Event, Exit, Failure, Output
from mockserver.execution import Run, unrunnable_answer
from mockserver.negotiation import JSON
from mockserver.responses import json_response
from mockserver.sse import Dialect, EventStream


async def json_answer(events: AsyncIterator[Event]) -> Response:
    """Wait for the command to end and answer ``{stdout, stderr, exitCode, success}``.

    The events are read to their end (so the engine finishes in this task), the first terminal
    one deciding the answer.
    """
    stdout: list[str] = []
    stderr: list[str] = []
    answer: Response | None = None
    async for event in events:
        if answer is not None:
            continue
        if isinstance(event, Output):
            (stdout if event.stream == "stdout" else stderr).append(event.data)
        elif isinstance(event, Exit):
            body = {
                "stdout": "".join(stdout),
                "stderr": "".join(stderr),
                "exitCode": event.code,
                "success": event.success,
            }
            answer = json_response(body)
        elif isinstance(event, Failure):
            answer = json_response(unrunnable_answer(event.message))
        elif isinstance(event, Cut):
            answer = _cut_json({"stdout": "".join(stdout), "stderr": "".join(stderr)})
    return answer or json_response(unrunnable_answer("the engine ended without an exit status"))


def _cut_json(partial: dict[str, str]) -> Response:
    """A scripted fault: the answer breaks off mid-body (the client sees truncated JSON)."""
    text = json.dumps(partial, ensure_ascii=False)
    cut = text[: max(1, len(text) // 2)].encode("utf-8", "ignore")

    async def body() -> AsyncIterator[bytes]:
        yield cut

    return StreamingResponse(body(), media_type=JSON)


def sse_answer(
    run: Run, command: str, *, keepalive_interval: float, dialect: Dialect
) -> EventStream:
    return EventStream(run, command, keepalive_interval=keepalive_interval, dialect=dialect)
