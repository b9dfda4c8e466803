"""The admin API: ``/__admin/...`` as its own OpenAPI document (``openapi.yaml``), on Connexion.

:func:`with_admin` puts it beside the Sandbox API app: paths under ``/__admin`` go to the admin
app, the rest to the Sandbox API. Only loopback clients may use it, unless they give the server's
access token. Every error is the Sandbox API's Error schema.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any

import connexion
import yaml
from connexion import request as current_request
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolution, Resolver
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.admin.save import save_as_fixture
from mockserver.admin.stream import journal_stream
from mockserver.admin.ui import with_ui
from mockserver.control import Control, ControlError
from mockserver.errors import ApiError
from mockserver.fixtures import FixtureError
from mockserver.fixtures.schema import fixture_schema
from mockserver.fixtures.writer import NotRecordable
from mockserver.journal import EntryFilter
from mockserver.limits import BodySizeLimit
from mockserver.organizations import bearer_token
from mockserver.responses import api_error_response, error_response, json_response
from mockserver.routing import MethodGuard
from mockserver.spec import load_spec
from mockserver.validation import VALIDATORS, BodyValidator
from mockserver.version import __version__

PREFIX = "/__admin"


def admin_document() -> dict[str, Any]:
    """The admin API's OpenAPI document, with fixture and sandbox entries described by the
    fixture files' own JSON Schema (as OpenAPI 3.0 schemas)."""
    text = resources.files("mockserver.admin").joinpath("openapi.yaml").read_text("utf-8")
    document: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    schemas = document["components"]["schemas"]
    for name, definition in fixture_schema()["definitions"].items():
        schemas[f"{_FIXTURE_SCHEMA}{name}"] = _as_openapi(definition)
    schemas["FixtureEntry"] = {"$ref": f"#/components/schemas/{_FIXTURE_SCHEMA}fixture"}
    schemas["SandboxEntry"] = {"$ref": f"#/components/schemas/{_FIXTURE_SCHEMA}sandbox"}
    return document


_FIXTURE_SCHEMA = "fixture-file."


def _as_openapi(schema: Any) -> Any:
    """A JSON Schema (draft 7) part as an OpenAPI 3.0 schema: references into the components,
    ``type: [t, "null"]`` as ``nullable``, no ``propertyNames`` (checked when the entry is)."""
    if isinstance(schema, list):
        return [_as_openapi(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "propertyNames":
            continue
        if key == "$ref" and isinstance(value, str):
            result[key] = value.replace("#/definitions/", f"#/components/schemas/{_FIXTURE_SCHEMA}")
        elif key == "type" and isinstance(value, list):
            kinds = [kind for kind in value if kind != "null"]
            result[key] = kinds[0] if len(kinds) == 1 else kinds
            if "null" in value:
                result["nullable"] = True
        elif key in ("properties", "definitions"):
            result[key] = {name: _as_openapi(part) for name, part in value.items()}
        else:
            result[key] = _as_openapi(value)
    return result


def with_admin(
    sandbox_api: ASGIApp,
    control: Control,
    *,
    engine: str,
    token: str | None,
    max_body_bytes: int,
    sandbox_document: dict[str, Any] | None = None,
) -> ASGIApp:
    """``sandbox_api`` with the admin API mounted under ``/__admin``, and its web page.

    ``sandbox_document`` is the Sandbox API document served (the embedded one by default), for
    the page's API explorer.
    """
    built = _built_on_first_use(lambda: _admin_app(control, engine))
    # 404 and 405 (with the Allow the document gives) before the admin app sees the request;
    # Connexion serves the document itself at /openapi.json.
    document = admin_document()
    paths = {**document["paths"], "/openapi.json": {"get": {}}}
    routed = MethodGuard(
        built, {**document, "paths": paths}, base_path=PREFIX, api_name="the admin API"
    )
    admin_api = with_ui(routed, sandbox_document or load_spec())
    admin = AdminGuard(BodySizeLimit(admin_api, max_body_bytes), token)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            scope["path"] == PREFIX or scope["path"].startswith(PREFIX + "/")
        ):
            await admin(scope, receive, send)
        else:
            await sandbox_api(scope, receive, send)

    return app


def _built_on_first_use(build: Callable[[], ASGIApp]) -> ASGIApp:
    """The app ``build`` returns, built on its first request: start-up does not wait for it."""
    built: list[ASGIApp] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if not built:
            built.append(build())
        await built[0](scope, receive, send)

    return app


class AdminGuard:
    """Loopback clients pass; others need the access token (and there must be one).

    A request with no client address comes from no network peer (an in-process transport, a
    Unix socket): it passes too.
    """

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token.encode() if token else None

    def _allowed(self, scope: Scope) -> bool:
        client = scope.get("client")
        if not client or _is_loopback(str(client[0])):
            return True
        if self.token is None:
            return False
        headers = Headers(scope=scope)
        offered = [headers.get("x-access-token"), bearer_token(headers.get("authorization"))]
        return any(o is not None and hmac.compare_digest(o.encode(), self.token) for o in offered)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._allowed(scope):
            await self.app(scope, receive, send)
            return
        response = error_response(
            403 if self.token is None else 401,
            "The admin API answers loopback clients only, unless they give the access token",
            {
                "field": "Authorization",
                "reason": "call it from 127.0.0.1, or start the mock with --access-token and "
                "send Authorization: Bearer <access token>",
            },
            {"WWW-Authenticate": "Bearer"} if self.token is not None else None,
        )
        await response(scope, receive, send)


def _is_loopback(host: str) -> bool:
    if host in ("localhost", "testclient"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Resolver(Resolver):  # type: ignore[misc]
    def __init__(self, handlers: Mapping[str, Callable[..., Any]]) -> None:
        super().__init__()
        self.handlers = handlers

    def resolve(self, operation: Any) -> Resolution:
        key = f"{operation.method.lower()} {operation.path}"
        return Resolution(self.handlers[key], key)


class _EntriesValidator(BodyValidator):
    """Fixture and sandbox entries are checked by the fixture files' own checks, which name each
    problem's place and its fix; the document's schema (the same rules) only describes them."""

    def _validate(self, body: Any) -> None:
        if not isinstance(body, dict | list):
            raise ApiError(
                400,
                "The body must be one entry (a JSON object) or a list of entries",
                {"field": "body", "reason": f"got {type(body).__name__}"},
            )


def _admin_app(control: Control, engine: str) -> ASGIApp:
    handlers = _handlers(control, engine)
    app = connexion.AsyncApp(__name__)
    validators = {**VALIDATORS, "body": MediaTypeDict({"*/*json": _EntriesValidator})}
    app.add_api(
        admin_document(),
        resolver=_Resolver(handlers),
        validator_map=validators,
        swagger_ui_options=SwaggerUIOptions(serve_spec=True, swagger_ui=False),
    )
    for exception in (ApiError, ControlError, ProblemException, HTTPException, Exception):
        app.add_error_handler(exception, _error)
    return app  # type: ignore[no-any-return]


def _error(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    if isinstance(exc, ApiError):
        error = exc
    elif isinstance(exc, ControlError):
        error = ApiError(exc.status, exc.message, {"reason": exc.reason} if exc.reason else None)
    elif isinstance(exc, ProblemException | HTTPException) and _status(exc) == 404:
        error = ApiError(
            404, "No such path in the admin API", {"reason": "see GET /__admin/openapi.json"}
        )
    elif isinstance(exc, ProblemException):
        # Connexion's validation messages go on with the schema: the first line says it all.
        detail = str(exc.detail or exc.title or "Bad request").strip().split("\n")[0]
        error = ApiError(exc.status, detail[:1].upper() + detail[1:], None, exc.headers)
    elif isinstance(exc, HTTPException):
        error = ApiError(exc.status_code, str(exc.detail), None, exc.headers)
    else:
        error = ApiError(500, "Internal error in the admin API; please report it with this request")
    response = api_error_response(error)
    return ConnexionResponse(
        status_code=response.status_code,
        mimetype="application/json",
        content_type="application/json",
        body=response.body,
        headers=error.headers,
    )


def _status(exc: ProblemException | HTTPException) -> int:
    return exc.status if isinstance(exc, ProblemException) else exc.status_code


def _fixture_error(error: FixtureError) -> ApiError:
    problems = [
        {"where": str(p.location), "problem": p.message, "fix": p.fix, "severity": p.severity}
        for p in error.problems
    ]
    count = len(problems)
    return ApiError(
        400,
        f"{count} problem{'s' if count != 1 else ''} in the entries; nothing was added",
        {"problems": problems},
    )


def _header_filter(items: list[str] | None) -> dict[str, str]:
    """``Name:value`` filters as a mapping; a 400 for one without a colon."""
    headers: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise ApiError(
                400,
                "A header filter is Name:value",
                {"field": "header", "reason": f"{item!r} has no ':'"},
            )
        headers[name.strip()] = value.strip()
    return headers


def _last_event_id(value: str | None) -> int | None:
    """A reconnecting EventSource's ``Last-Event-ID``, when it is an entry id."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _source(default: str) -> str:
    """Where added entries come from: the X-Source header, else the call itself."""
    given = current_request.headers.get("x-source")
    return str(given) if given else default


def _no_content() -> Response:
    return Response(status_code=204)


def _handlers(control: Control, engine: str) -> dict[str, Callable[..., Any]]:
    async def health() -> Response:
        return json_response(
            {
                "status": "ok",
                "version": __version__,
                "engine": engine,
                "sandboxes": len(control.sandboxes),
                "fixtures": len(control.fixtures()),
                "journal": len(control.journal),
                "tasks": len(asyncio.all_tasks()),
            }
        )

    async def reset() -> Response:
        control.reset()
        return _no_content()

    async def list_fixtures() -> Response:
        fixtures = [
            {
                "name": fixture.name,
                "location": str(fixture.location) if fixture.location else None,
                "added": entry is not None,
                "calls": control.calls(fixture.name),
                "times": fixture.times,
                "entry": entry,
            }
            for fixture, entry in control.fixtures()
        ]
        return json_response({"fixtures": fixtures})

    async def add_fixtures(body: Any) -> Response:
        try:
            added = control.add_fixtures(body, _source("POST /__admin/fixtures"))
        except FixtureError as error:
            raise _fixture_error(error) from None
        return json_response({"added": [fixture.name for fixture in added]}, 201)

    async def remove_fixtures() -> Response:
        control.remove_fixtures()
        return _no_content()

    async def remove_fixture(name: str) -> Response:
        if not control.remove_fixtures(name):
            raise ApiError(
                404,
                "No fixture of that name was added at run time",
                {"field": "name", "reason": f"no added fixture {name!r}"},
            )
        return _no_content()

    async def requests(
        method: str | None = None,
        path: str | None = None,
        command: str | None = None,
        sandbox: str | None = None,
        status: int | None = None,
        header: list[str] | None = None,
        since: int | None = None,
        limit: int | None = None,
    ) -> Response:
        wanted = EntryFilter(method, path, command, sandbox, status, _header_filter(header), since)
        entries = [entry for entry in control.journal.entries() if wanted.accepts(entry)]
        if limit is not None:
            entries = entries[-limit:]
        return json_response({"requests": [entry.to_json() for entry in entries]})

    async def stream_requests(
        method: str | None = None,
        path: str | None = None,
        command: str | None = None,
        sandbox: str | None = None,
        status: int | None = None,
        header: list[str] | None = None,
        since: int | None = None,
    ) -> Response:
        wanted = EntryFilter(method, path, command, sandbox, status, _header_filter(header))
        if since is None:
            since = _last_event_id(connexion.request.headers.get("last-event-id"))
        return journal_stream(control.journal, wanted, since)

    async def saved_fixture(id: int) -> Response:
        entry = next((e for e in control.journal.entries() if e.id == id), None)
        if entry is None:
            raise ApiError(
                404,
                "No such request in the journal",
                {
                    "field": "id",
                    "reason": f"no entry {id} (cleared, or older than the journal keeps)",
                },
            )
        try:
            saved = save_as_fixture(entry, control)
        except NotRecordable as reason:
            raise ApiError(
                422, "No fixture can answer this call as it was answered", {"reason": str(reason)}
            ) from None
        return json_response(saved.to_json())

    async def clear_requests() -> Response:
        control.journal.clear()
        return _no_content()

    async def list_sandboxes() -> Response:
        sandboxes = [
            {
                "id": sandbox.id,
                "organization": sandbox.organization,
                "cwd": sandbox.cwd,
                "env": dict(sandbox.env),
                "containers": list(sandbox.containers),
                "added": added,
            }
            for sandbox, added in control.sandbox_list()
        ]
        return json_response({"sandboxes": sandboxes})

    async def add_sandboxes(body: Any) -> Response:
        try:
            added = control.add_sandboxes(body, _source("POST /__admin/sandboxes"))
        except FixtureError as error:
            raise _fixture_error(error) from None
        return json_response({"added": [sandbox.id for sandbox in added]}, 201)

    async def remove_sandboxes() -> Response:
        control.remove_sandboxes()
        return _no_content()

    async def remove_sandbox(id: str) -> Response:
        control.remove_sandboxes(id)
        return _no_content()

    async def reset_sandbox(id: str) -> Response:
        if control.sandboxes.find(id, None) is None:
            raise ApiError(
                404, "Sandbox not found", {"field": "id", "reason": f"no sandbox {id!r}"}
            )
        control.forget(id)
        return _no_content()

    return {
        "get /health": health,
        "post /reset": reset,
        "get /fixtures": list_fixtures,
        "post /fixtures": add_fixtures,
        "delete /fixtures": remove_fixtures,
        "delete /fixtures/{name}": remove_fixture,
        "get /requests": requests,
        "delete /requests": clear_requests,
        "get /requests/stream": stream_requests,
        "get /requests/{id}/fixture": saved_fixture,
        "get /sandboxes": list_sandboxes,
        "post /sandboxes": add_sandboxes,
        "delete /sandboxes": remove_sandboxes,
        "delete /sandboxes/{id}": remove_sandbox,
        "post /sandboxes/{id}/reset": reset_sandbox,
    }
