"""Prefer chooses among documented answers; it never skips who may ask or which sandbox exists.

Every combination of token (none, unknown, the owner's, another organization's) and sandbox
(the caller's, another organization's, unknown), with and without Prefer, JSON and SSE.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mockserver.app import MockServer
from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from tests.conftest import SANDBOX, ProgrammedEngine, default_sandboxes

TOKENS = {"tok-default": "default", "tok-acme": "acme"}
OWN = SANDBOX  # owned by "default"
OTHERS = "other-org-box"  # owned by "acme"
UNKNOWN = "no-such-box"
ORGANIZATION_MISSING = {"code": 400, "message": "Active organization missing", "details": None}

PREFERENCES = [None, "code=200", "code=404", "code=400", "example=default", "dynamic=true"]
ACCEPTS = ["application/json", "text/event-stream"]


def _headers(token: str | None, prefer: str | None, accept: str) -> dict[str, str]:
    headers = {"Accept": accept}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if prefer is not None:
        headers["Prefer"] = prefer
    return headers


def _post(client, sandbox: str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/sandboxes/{sandbox}/exec", json={"command": "x"}, headers=headers)


@pytest.fixture(scope="module")
def enforced_server() -> Iterator[tuple[httpx.Client, ProgrammedEngine]]:
    """One server for the module (each test clears what the engine saw)."""
    engine = ProgrammedEngine()
    settings = Settings(
        reload=False, port=0, log_level="warning", enforce_organizations=True, tokens=TOKENS
    )
    with (
        BackgroundServer(
            settings, MockServer.assemble(settings, default_sandboxes(), engine)
        ) as bg,
        httpx.Client(base_url=bg.url, timeout=30) as client,
    ):
        yield client, engine


@pytest.fixture
def enforced(enforced_server):  # type: ignore[no-untyped-def]
    client, engine = enforced_server
    engine.started.clear()
    return client, engine


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("prefer", PREFERENCES)
@pytest.mark.parametrize("token", [None, "unknown", "Basic abc"])
@pytest.mark.parametrize("sandbox", [OWN, OTHERS, UNKNOWN])
def test_without_an_organization_nothing_is_answered(enforced, sandbox, token, prefer, accept):
    client, engine = enforced
    headers = _headers(token, prefer, accept)
    if token == "Basic abc":
        headers["Authorization"] = token
    response = _post(client, sandbox, headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == ORGANIZATION_MISSING
    assert engine.started == []


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("prefer", PREFERENCES)
@pytest.mark.parametrize(("token", "sandbox"), [("tok-acme", OWN), ("tok-default", OTHERS)])
def test_another_organizations_sandbox_is_not_found(enforced, token, sandbox, prefer, accept):
    client, engine = enforced
    response = _post(client, sandbox, _headers(token, prefer, accept))
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["message"] == "Sandbox not found"
    assert engine.started == []


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("prefer", PREFERENCES)
@pytest.mark.parametrize("token", ["tok-default", "tok-acme"])
def test_an_unknown_sandbox_is_not_found(enforced, token, prefer, accept):
    client, engine = enforced
    response = _post(client, UNKNOWN, _headers(token, prefer, accept))
    assert response.status_code == 404, response.text
    assert response.json()["message"] == "Sandbox not found"
    assert engine.started == []


@pytest.mark.parametrize("prefer", PREFERENCES)
def test_an_unknown_sandbox_is_not_found_without_enforcement(serve_programmed, client_for, prefer):
    background, engine = serve_programmed()
    response = _post(client_for(background), UNKNOWN, _headers(None, prefer, "application/json"))
    assert response.status_code == 404, response.text
    assert response.json()["message"] == "Sandbox not found"
    assert engine.started == []


@pytest.mark.parametrize(("token", "sandbox"), [("tok-default", OWN), ("tok-acme", OTHERS)])
def test_the_owner_gets_what_prefer_chooses(enforced, token, sandbox):
    client, engine = enforced
    example = {"stdout": "hello\n", "stderr": "", "exitCode": 0, "success": True}
    chosen = _post(client, sandbox, _headers(token, "code=200", "application/json"))
    assert (chosen.status_code, chosen.json()) == (200, example)
    refused = _post(client, sandbox, _headers(token, "code=404", "application/json"))
    assert refused.status_code == 404 and refused.json()["code"] == 404
    streamed = _post(client, sandbox, _headers(token, "code=200", "text/event-stream"))
    assert streamed.status_code == 200
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert engine.started == []
    ran = _post(client, sandbox, _headers(token, None, "application/json"))
    assert ran.status_code == 200 and [r.sandbox.id for r in engine.started] == [sandbox]
