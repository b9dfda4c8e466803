"""The mock as an application in the test's own process: no socket, no thread to start.

``asgi_app()`` is for ``httpx.AsyncClient(transport=httpx.ASGITransport(app=...))`` and any ASGI
server; ``wsgi_app()`` for sync clients: ``httpx.Client(transport=httpx.WSGITransport(app=...))``,
a ``requests`` WSGI adapter, or a WSGI server. Both serve the Sandbox API and the admin API exactly
as ``mockserver serve`` does, since both are the same ASGI application.

Connexion 3's own ``FlaskApp`` is itself an ASGI application (its Flask views sit behind a2wsgi),
so a WSGI client needs the other direction: ``wsgi_app`` runs the ASGI app with a2wsgi's
``ASGIMiddleware``, on an event loop in a thread of its own, so SSE still streams as produced and
background commands go on between requests.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from mockserver.settings import Settings

if TYPE_CHECKING:
    from starlette.types import ASGIApp

    from mockserver.app import MockServer


def asgi_app(settings: Settings | None = None, *, server: MockServer | None = None) -> ASGIApp:
    """The mock as an ASGI application (``settings`` default to ``MOCKSERVER_*`` variables).

    ``server`` serves an already built :class:`mockserver.app.MockServer` (a custom engine).
    In-process transports send no lifespan events: fixture files are not watched for edits.
    """
    from mockserver.app import create_app

    settings = settings if settings is not None else Settings.from_env()
    return create_app(server.settings if server is not None else settings, server)


def wsgi_app(settings: Settings | None = None, *, server: MockServer | None = None) -> Any:
    """The mock as a WSGI application, for sync clients (see :func:`asgi_app`)."""
    from a2wsgi import ASGIMiddleware

    settings = settings if settings is not None else Settings.from_env()
    limit = (server.settings if server is not None else settings).max_body_bytes
    app = ASGIMiddleware(asgi_app(settings, server=server))  # type: ignore[arg-type]

    def with_chunked_bodies(environ: Any, start_response: Any) -> Any:
        """A chunked body has no Content-Length, and a2wsgi reads only that many bytes: read
        it here (one byte past the limit at most, for the 413) and say how long it is."""
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not environ.get("CONTENT_LENGTH") and (chunked or environ.get("wsgi.input_terminated")):
            body = environ["wsgi.input"].read(limit + 1)
            environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return app(environ, start_response)

    return with_chunked_bodies
