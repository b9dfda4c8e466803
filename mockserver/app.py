"""Build the mock from settings and the spec: Connexion routes and validates, handlers delegate.

Everything one server needs lives on one :class:`MockServer`: two servers in one process never
share state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import connexion
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware.main import ConnexionMiddleware
from connexion.middleware.response_validation import ResponseValidationMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolution, Resolver
from connexion.validators import VALIDATOR_MAP
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from mockserver.access import AccessGuard
from mockserver.admin.api import with_admin
from mockserver.api.exec import exec_handler
from mockserver.control import Control
from mockserver.engines.base import Engine
from mockserver.engines.chain import EngineChain
from mockserver.engines.registry import EngineError, EngineRegistry
from mockserver.engines.scripted import ScriptedEngine
from mockserver.errors import ApiError, StartupError
from mockserver.execution import ExecService
from mockserver.fixtures import (
    FixtureError,
    FixtureSet,
    embedded_fixtures_dir,
    load_fixture_set,
    watch,
)
from mockserver.journal import Journal
from mockserver.limits import BodySizeLimit, DefaultJsonContentType
from mockserver.recording import JournalRecorder
from mockserver.responses import api_error_response
from mockserver.routing import MethodGuard
from mockserver.sandboxes import SandboxRegistry
from mockserver.settings import Settings
from mockserver.spec import EXEC_PATH, exec_responses, load_spec
from mockserver.validation import BodyValidator

SCRIPTED = "scripted"
logger = logging.getLogger("mockserver")


@dataclass
class FixtureState:
    """The fixture directories a server loaded, and what it loaded from them."""

    dirs: list[Path]
    current: FixtureSet
    scripted: ScriptedEngine
    #: Why the latest reloads were refused (the last good set stays in force).
    errors: list[str] = field(default_factory=list)


@dataclass
class MockServer:
    """One running mock: its settings, spec, sandboxes, engines and exec service."""

    settings: Settings
    document: dict[str, Any]
    sandboxes: SandboxRegistry
    engine: Engine
    service: ExecService
    fixtures: FixtureState | None = None
    #: The journal and what tests change while it serves (the admin API drives it).
    control: Control = field(init=False)

    def __post_init__(self) -> None:
        fixtures = self.fixtures
        self.control = Control(
            self.sandboxes,
            self.engine,
            Journal(self.settings.journal_size),
            fixtures.scripted if fixtures else None,
            fixtures.current if fixtures else None,
        )

    @classmethod
    def assemble(
        cls,
        settings: Settings,
        sandboxes: SandboxRegistry,
        engine: Engine,
        document: dict[str, Any] | None = None,
        fixtures: FixtureState | None = None,
    ) -> MockServer:
        service = ExecService(sandboxes, engine, settings.default_timeout)
        return cls(
            settings, document or load_spec(settings.spec), sandboxes, engine, service, fixtures
        )

    def apply_fixtures(self, fixture_set: FixtureSet) -> None:
        """Swap in a freshly loaded fixture set (sandboxes and scripted answers)."""
        assert self.fixtures is not None
        self.fixtures.current = fixture_set
        self.control.apply_files(fixture_set)


def build(settings: Settings, registry: EngineRegistry | None = None) -> MockServer:
    """Load spec and fixtures and build the engines; StartupError names any problem."""
    document = load_spec(settings.spec)
    if EXEC_PATH not in document.get("paths", {}):
        raise StartupError(
            f"the spec has no operation at {EXEC_PATH}",
            "pass --spec with the Sandbox API document (paths may use :id or {id})",
        )
    dirs = ([embedded_fixtures_dir()] if settings.embedded_fixtures else []) + list(
        settings.fixtures
    )
    try:
        fixture_set = load_fixture_set(dirs)
    except FixtureError as error:
        raise StartupError(str(error), "correct the fixture file, then start again") from error
    sandboxes = SandboxRegistry(fixture_set.sandboxes)
    scripted = ScriptedEngine(fixture_set, terminal=settings.engine == SCRIPTED)
    engines: list[Engine] = [scripted]
    if settings.engine != SCRIPTED:
        try:
            registry = registry or EngineRegistry.from_entry_points()
            engines.append(registry.create(settings.engine, settings))
        except EngineError as error:
            raise StartupError(
                str(error), "choose another --engine or install what it needs"
            ) from None
    fixtures = FixtureState(dirs, fixture_set, scripted)
    return MockServer.assemble(settings, sandboxes, EngineChain(engines), document, fixtures)


class _OperationResolver(Resolver):  # type: ignore[misc]
    """Maps the spec's operations (which carry no operationId) to this server's handlers."""

    def __init__(self, handlers: dict[tuple[str, str], Any]) -> None:
        super().__init__()
        self.handlers = handlers

    def resolve(self, operation: Any) -> Resolution:
        key = (operation.method.lower(), operation.path)
        handler = self.handlers.get(key)
        if handler is None:
            handler = _not_implemented(operation.method.upper(), operation.path)
        return Resolution(handler, f"{key[0]} {key[1]}")


def _not_implemented(method: str, path: str) -> Any:
    async def handler(*args: Any, **kwargs: Any) -> Any:
        raise ApiError(501, f"{method} {path} is in the spec but this mock does not serve it")

    return handler


def _problem_to_error(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    """Connexion's and Starlette's exceptions rendered as the spec's Error schema."""
    if isinstance(exc, ApiError):
        error = exc
    elif isinstance(exc, ProblemException):
        error = _from_problem(exc)
    elif isinstance(exc, HTTPException):
        error = ApiError(exc.status_code, _sentence(str(exc.detail)), None, exc.headers)
    else:
        error = ApiError(500, "Internal error in the mock; please report it with this request")
    return ConnexionResponse(
        status_code=error.status,
        mimetype="application/json",
        content_type="application/json",
        body=api_error_response(error).body,
        headers=error.headers,
    )


def _from_problem(problem: ProblemException) -> ApiError:
    status = problem.status
    detail = str(problem.detail or problem.title or "Bad request")
    if status == 415:  # the spec documents 400 for every malformed request
        return ApiError(
            400,
            "Request body must be JSON (Content-Type: application/json)",
            {"field": "Content-Type", "reason": detail},
        )
    if status == 404:
        return ApiError(404, "No such path in the Sandbox API", {"field": "path", "reason": detail})
    return ApiError(status, _sentence(detail), None, problem.headers)


def _sentence(text: str) -> str:
    text = text.strip() or "Bad request"
    return text[0].upper() + text[1:]


def _middlewares(document: dict[str, Any]) -> list[Any]:
    """Connexion's stack without what this server never uses: each layer costs every request.

    No Swagger UI is served, responses are not validated, and security is checked only when the
    spec declares some.
    """
    unused: set[Any] = {SwaggerUIMiddleware, ResponseValidationMiddleware}
    if not document.get("security") and not (document.get("components") or {}).get(
        "securitySchemes"
    ):
        unused.add(SecurityMiddleware)
    return [m for m in ConnexionMiddleware.default_middlewares if m not in unused]


def create_app(settings: Settings | None = None, server: MockServer | None = None) -> ASGIApp:
    """The ASGI application serving the Sandbox API mock."""
    settings = settings or Settings.from_env()
    server = server or build(settings)
    responses = exec_responses(server.document)
    handlers = {("post", EXEC_PATH): exec_handler(server.service, settings, responses)}

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        async with _fixture_reload(server):
            try:
                yield
            finally:
                await server.service.aclose()

    app = connexion.AsyncApp(__name__, lifespan=lifespan, middlewares=_middlewares(server.document))
    validators = dict(VALIDATOR_MAP)
    validators["body"] = MediaTypeDict({**VALIDATOR_MAP["body"], "*/*json": BodyValidator})
    app.add_api(
        server.document,
        resolver=_OperationResolver(handlers),
        validator_map=validators,
        swagger_ui_options=SwaggerUIOptions(serve_spec=False, swagger_ui=False),
    )
    for exception in (ApiError, ProblemException, HTTPException, Exception):
        app.add_error_handler(exception, _problem_to_error)
    guarded: ASGIApp = MethodGuard(
        BodySizeLimit(DefaultJsonContentType(app), settings.max_body_bytes), server.document
    )
    if settings.token:
        guarded = AccessGuard(guarded, settings.token)
    recorded = JournalRecorder(guarded, server.control.journal)
    return with_admin(
        recorded,
        server.control,
        engine=settings.engine,
        token=settings.token,
        max_body_bytes=settings.max_body_bytes,
        sandbox_document=server.document,
    )


@contextlib.asynccontextmanager
async def _fixture_reload(server: MockServer) -> AsyncIterator[None]:
    """Watch the fixture directories while serving, when reload is on."""
    state = server.fixtures
    if state is None or not server.settings.reload:
        yield
        return

    def on_error(error: FixtureError) -> None:
        state.errors.append(str(error))
        logger.warning("fixture reload refused, the last good set stays in force:\n%s", error)

    task = asyncio.create_task(watch(state.dirs, server.apply_fixtures, on_error))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
