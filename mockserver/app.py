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

from starlette.types import ASGIApp

from mockserver.access import AccessGuard
from mockserver.admin.api import with_admin
from mockserver.api.endpoint import Endpoint, operation_id
from mockserver.api.exec import exec_handler
from mockserver.connexion_stack import connexion_stack
from mockserver.control import Control
from mockserver.engines.base import Engine
from mockserver.engines.chain import EngineChain
from mockserver.engines.registry import EngineError, EngineRegistry
from mockserver.engines.scripted import ScriptedEngine
from mockserver.errors import StartupError
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
from mockserver.routing import MethodGuard
from mockserver.sandboxes import SandboxRegistry
from mockserver.settings import Settings
from mockserver.spec import EXEC_PATH, exec_responses, load_spec

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


def create_app(settings: Settings | None = None, server: MockServer | None = None) -> ASGIApp:
    """The ASGI application serving the Sandbox API mock.

    Layers, outermost first (each a plain ASGI callable wrapping the next):

    - ``with_admin``: paths under ``/__admin`` go to the admin API, the rest on down;
    - ``JournalRecorder``: every Sandbox API request and its answer, in the journal;
    - ``AccessGuard``: the access token, only with ``--access-token``;
    - ``MethodGuard``: 404 and 405 Errors for paths and methods the spec lacks;
    - ``BodySizeLimit`` and ``DefaultJsonContentType``: refuse oversized bodies unread, read a
      body without a Content-Type as JSON;
    - ``connexion_stack``: Connexion loads the spec, routes and validates every request, and
      runs the lifespan (fixture reload, shutdown);
    - ``Endpoint``: the operations' handlers (``api/``).
    """
    settings = settings or Settings.from_env()
    server = server or build(settings)
    responses = exec_responses(server.document)
    endpoint = Endpoint(
        {operation_id("post", EXEC_PATH): exec_handler(server.service, settings, responses)}
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        async with _fixture_reload(server):
            try:
                yield
            finally:
                await server.service.aclose()

    app: ASGIApp = connexion_stack(endpoint, server.document, lifespan=lifespan)
    app = BodySizeLimit(DefaultJsonContentType(app), settings.max_body_bytes)
    app = MethodGuard(app, server.document)
    if settings.token:
        app = AccessGuard(app, settings.token)
    app = JournalRecorder(app, server.control.journal)
    return with_admin(
        app,
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
