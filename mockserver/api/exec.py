"""``POST /api/v1/sandboxes/{id}/exec``."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp

from mockserver.api.endpoint import Call, Handler
from mockserver.api.rendering import json_answer, sse_answer
from mockserver.engines.base import ExecRequest, Exit, Output
from mockserver.errors import ApiError
from mockserver.execution import ExecService, Run
from mockserver.negotiation import wants_event_stream
from mockserver.organizations import active_organization
from mockserver.prefer import Preference, choose, parse_prefer
from mockserver.recording import note_answerer
from mockserver.responses import json_response
from mockserver.settings import Settings
from mockserver.spec import ResponseDoc
from mockserver.sse import DIALECTS


def exec_handler(
    service: ExecService, settings: Settings, responses: Mapping[int, ResponseDoc]
) -> Handler:
    dialect = DIALECTS[settings.sse_dialect]
    keepalive = settings.keepalive_interval
    rng = random.Random()

    def preferred(preference: Preference, command: str, sse: bool) -> ASGIApp:
        answer = choose(preference, responses, rng)
        if answer.status != 200:
            if answer.body is None:
                raise ApiError(answer.status, responses[answer.status].description or "Error")
            return json_response(answer.body, answer.status)
        if sse:
            run = _run_of(answer.body)
            return sse_answer(run, command, keepalive_interval=keepalive, dialect=dialect)
        return json_response(answer.body)

    async def exec_command(call: Call) -> ASGIApp:
        headers = call.headers
        body = call.body
        sandbox_id = call.path_params["id"]
        # Who may ask comes first: Prefer chooses among documented answers, it never skips this.
        organization = active_organization(
            headers.get("authorization"),
            enforce=settings.enforce_organizations,
            tokens=settings.tokens,
        )
        service.sandbox(sandbox_id, organization)
        sse = wants_event_stream(headers.get("accept"))
        preference = parse_prefer(headers.get("prefer"))
        if not preference.empty:
            note_answerer(call.scope, f"the spec's answers (Prefer: {headers['prefer']})")
            return preferred(preference, body["command"], sse)
        request = service.resolve(sandbox_id, body, organization, headers)
        unrunnable = "the mock (input no process could run)"
        note_answerer(
            call.scope, request.answered_by if isinstance(request, ExecRequest) else unrunnable
        )
        if sse:
            run = service.start(request)
            return sse_answer(run, body["command"], keepalive_interval=keepalive, dialect=dialect)
        return await json_answer(service.run(request))

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
