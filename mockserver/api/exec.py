"""``POST /api/v1/sandboxes/{id}/exec``."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from connexion import request as current_request
from starlette.responses import Response

from mockserver.api.rendering import json_answer, sse_answer
from mockserver.engines.base import ExecRequest, Exit, Output
from mockserver.errors import ApiError
from mockserver.execution import ExecService, Run
from mockserver.negotiation import wants_event_stream
from mockserver.organizations import active_organization
from mockserver.prefer import choose, parse_prefer
from mockserver.recording import note_answerer
from mockserver.responses import json_response
from mockserver.settings import Settings
from mockserver.spec import ResponseDoc
from mockserver.sse import DIALECTS

Handler = Callable[..., Awaitable[Response]]


def exec_handler(
    service: ExecService, settings: Settings, responses: Mapping[int, ResponseDoc]
) -> Handler:
    dialect = DIALECTS[settings.sse_dialect]
    rng = random.Random()

    async def render(run: Run, command: str, sse: bool) -> Response:
        if sse:
            return sse_answer(
                run, command, keepalive_interval=settings.keepalive_interval, dialect=dialect
            )
        return await json_answer(run)

    async def exec_command(id: str, body: dict[str, Any]) -> Response:
        headers = current_request.headers
        sse = wants_event_stream(headers.get("accept"))
        command = body["command"]
        preference = parse_prefer(headers.get("prefer"))
        if not preference.empty:
            note_answerer(
                current_request.scope, f"the spec's answers (Prefer: {headers['prefer']})"
            )
            answer = choose(preference, responses, rng)
            if answer.status != 200:
                if answer.body is None:
                    raise ApiError(answer.status, responses[answer.status].description or "Error")
                return json_response(answer.body, answer.status)
            if sse:
                return await render(_run_of(answer.body), command, sse=True)
            return json_response(answer.body)
        organization = active_organization(
            headers.get("authorization"),
            enforce=settings.enforce_organizations,
            tokens=settings.tokens,
        )
        call = service.resolve(id, body, organization, headers)
        unrunnable = "the mock (input no process could run)"
        note_answerer(
            current_request.scope, call.answered_by if isinstance(call, ExecRequest) else unrunnable
        )
        run = service.start(call)
        return await render(run, command, sse)

    return exec_command


def _run_of(body: Any) -> Run:
    """The events a documented 200 body stands for, to stream a preferred answer as SSE."""
    events: list[Any] = []
    if isinstance(body, dict):
        for stream in ("stdout", "stderr"):
            if isinstance(body.get(stream), str) and body[stream]:
                events.append(Output(stream, body[stream]))
        code = body.get("exitCode")
        events.append(Exit(code if isinstance(code, int) else 0))
    return Run.finished(events)
