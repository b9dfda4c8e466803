"""The page's files under /__admin/ui over real HTTP: what is served, its headers, its errors, and
the admin API's access rules."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator

import httpx
import pytest

from mockserver.app import create_app
from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from mockserver.spec import EXEC_PATH


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with (
        BackgroundServer(Settings(reload=False, log_level="warning")) as server,
        httpx.Client(base_url=server.url, timeout=30) as client,
    ):
        yield client


def test_the_page_is_served_at_admin_ui_with_its_relative_links(client: httpx.Client) -> None:
    moved = client.get("/__admin/ui")
    assert moved.status_code == 308 and moved.headers["location"] == "ui/"
    page = client.get("/__admin/ui", follow_redirects=True)
    assert page.status_code == 200 and str(page.url).endswith("/__admin/ui/")
    assert page.headers["content-type"].startswith("text/html")
    assert '<script src="app.js" defer></script>' in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    script = client.get("/__admin/ui/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert 'new EventSource("../requests/stream?since=0")' in script.text
    assert client.head("/__admin/ui/app.css").status_code == 200


def test_the_explorer_has_swagger_ui_and_the_sandbox_api_pointed_at_this_mock(
    client: httpx.Client,
) -> None:
    assert "swagger/swagger-ui-bundle.js" in client.get("/__admin/ui/explorer.html").text
    bundle = client.get("/__admin/ui/swagger/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and "SwaggerUIBundle" in bundle.text
    document = client.get("/__admin/ui/sandbox-api.json").json()
    assert document["servers"] == [{"url": "/", "description": "this mock"}]
    assert EXEC_PATH in document["paths"]


def test_what_the_page_lacks_is_an_error_in_the_error_schema(client: httpx.Client) -> None:
    for path in ("/__admin/ui/nope.js", "/__admin/ui/swagger/nope.js", "/__admin/ui/%2e%2e/api.py"):
        missing = client.get(path)
        assert missing.status_code == 404, path
        assert missing.json()["code"] == 404 and missing.json()["message"]
    posted = client.post("/__admin/ui/app.js", content=b"{}")
    assert posted.status_code == 405 and posted.headers["allow"] == "GET, HEAD"
    assert posted.json()["details"]["reason"] == "use GET or HEAD"


def _status(path: str, client_host: str, token: str | None, **headers: str) -> int:
    app = create_app(Settings(reload=False, token=token))

    async def call() -> int:
        transport = httpx.ASGITransport(app=app, client=(client_host, 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            return (await client.get(path, headers=headers)).status_code

    return asyncio.run(call())


@pytest.mark.parametrize("path", ["/__admin/ui/", "/__admin/ui/app.js"])
def test_the_page_has_the_admin_apis_access_rules(path: str) -> None:
    assert _status(path, "127.0.0.1", None) == 200
    assert _status(path, "203.0.113.7", None) == 403
    assert _status(path, "203.0.113.7", "s3cret") == 401
    assert _status(path, "203.0.113.7", "s3cret", Authorization="Bearer s3cret") == 200


def test_without_swagger_ui_the_explorer_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "swagger_ui_bundle", None)  # as if not installed
    app = create_app(Settings(reload=False))

    async def call(path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            return await client.get(path)

    bundle = asyncio.run(call("/__admin/ui/swagger/swagger-ui-bundle.js"))
    assert bundle.status_code == 404
    assert bundle.json()["message"] == "The API explorer needs the swagger-ui-bundle package"
    assert asyncio.run(call("/__admin/ui/")).status_code == 200  # the rest of the page works
