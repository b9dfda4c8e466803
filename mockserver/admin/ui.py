"""The web page that watches the mock, at ``/__admin/ui`` beside the admin API (and behind its guard).

Everything it needs ships in the package, nothing is built at install time and nothing comes from
another host:

* ``static/``: the journal page (``index.html``, a dependency-free script and a style sheet) and
  the API explorer's page; they read the admin API (the live journal stream among it);
* ``/__admin/ui/swagger/``: Swagger UI's own files, from the ``swagger-ui-bundle`` package that
  Connexion's ``swagger-ui`` extra installs;
* ``/__admin/ui/sandbox-api.json``: the Sandbox API document this mock serves, pointed at this
  mock, for the explorer to send requests with.
"""

from __future__ import annotations

import copy
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.responses import error_response, json_response

#: Where the page is served (the admin API's prefix is ``/__admin``).
UI_PATH = "/__admin/ui"
#: The Sandbox API as the explorer sees it: on this mock (the document's own origin).
HERE = "/"
#: The page's own files and Swagger UI's allow nothing from elsewhere; Swagger UI sets inline styles
#: and draws its icons from data: URLs.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-cache"),
]


def explorer_document(sandbox_document: dict[str, Any]) -> dict[str, Any]:
    """The Sandbox API document with this mock as its only server."""
    document = copy.deepcopy(sandbox_document)
    document["servers"] = [{"url": HERE, "description": "this mock"}]
    return document


def with_ui(admin: ASGIApp, sandbox_document: dict[str, Any]) -> ASGIApp:
    """``admin`` with the page served under ``/__admin/ui``."""
    page = StaticFiles(packages=[("mockserver.admin", "static")], html=True)
    swagger = _swagger_files()
    document = explorer_document(sandbox_document)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if scope["type"] != "http" or not (path == UI_PATH or path.startswith(UI_PATH + "/")):
            await admin(scope, receive, send)
            return
        rest = path.removeprefix(UI_PATH)
        if rest == "":  # the page's links are relative to the folder it is in
            await RedirectResponse("ui/", status_code=308)(scope, receive, send)
            return
        secured = _with_headers(send)
        if rest == "/sandbox-api.json":
            await json_response(document)(scope, receive, secured)
            return
        files, root = (swagger, "/swagger") if rest.startswith("/swagger/") else (page, "")
        inner = {**scope, "path": rest.removeprefix(root), "root_path": ""}
        try:
            await files(inner, receive, secured)
        except HTTPException as error:
            await _refusal(error)(scope, receive, send)

    return app


def _swagger_files() -> ASGIApp:
    """Swagger UI's files; without the swagger-ui-bundle package, a 404 that says so."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return error_response(
            404,
            "The API explorer needs the swagger-ui-bundle package",
            {"reason": "install mockserver with its dependencies: pip install mockserver"},
        )
    return StaticFiles(directory=swagger_ui_path)


def _with_headers(send: Send) -> Send:
    async def secured(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
        await send(message)

    return secured


def _refusal(error: HTTPException) -> ASGIApp:
    if error.status_code == 405:
        return error_response(
            405,
            "The page's files are read with GET",
            {"field": "method", "reason": "use GET or HEAD"},
            {"Allow": "GET, HEAD"},
        )
    return error_response(
        error.status_code,
        "No such file in the page" if error.status_code == 404 else str(error.detail),
        {"reason": f"the page is at {UI_PATH}/"},
    )
