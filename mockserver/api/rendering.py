"""One event stream, two renderings: the JSON answer and the SSE stream."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from starlette.responses import Response, StreamingResponse

from mockserver.engines.base import Cut, Exit, Failure, Output
from mockserver.execution import Run, unrunnable_answer
from mockserver.negotiation import JSON, SSE
from mockserver.responses import json_response
from mockserver.sse import SSE_HEADERS, Dialect, stream_events


async def json_answer(run: Run) -> Response:
    """Wait for the command to end and answer ``{stdout, stderr, exitCode, success}``."""
    stdout: list[str] = []
    stderr: list[str] = []
    async for event in run.events():
        if isinstance(event, Output):
            (stdout if event.stream == "stdout" else stderr).append(event.data)
        elif isinstance(event, Exit):
            body = {
                "stdout": "".join(stdout),
                "stderr": "".join(stderr),
                "exitCode": event.code,
                "success": event.success,
            }
            return json_response(body)
        elif isinstance(event, Failure):
            return json_response(unrunnable_answer(event.message))
        elif isinstance(event, Cut):
            return _cut_json({"stdout": "".join(stdout), "stderr": "".join(stderr)})
    return json_response(unrunnable_answer("the engine ended without an exit status"))


def _cut_json(partial: dict[str, str]) -> Response:
    """A scripted fault: the answer breaks off mid-body (the client sees truncated JSON)."""
    text = json.dumps(partial, ensure_ascii=False)
    cut = text[: max(1, len(text) // 2)].encode("utf-8", "ignore")

    async def body() -> AsyncIterator[bytes]:
        yield cut

    return StreamingResponse(body(), media_type=JSON)


def sse_answer(run: Run, command: str, *, keepalive_interval: float, dialect: Dialect) -> Response:
    stream = stream_events(run, command, keepalive_interval=keepalive_interval, dialect=dialect)
    return StreamingResponse(stream, media_type=SSE, headers=SSE_HEADERS)
