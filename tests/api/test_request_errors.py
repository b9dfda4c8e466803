"""Every request error is the spec's Error schema as application/json, never a 5xx."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXEC


def assert_error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == status
    assert isinstance(body["message"], str) and body["message"]
    if field is not None:
        assert body["details"]["field"] == field, body
    return body


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "command"),
        ({"command": ""}, "command"),
        ({"command": None}, "command"),
        ({"command": 5}, "command"),
        ({"command": "x", "options": {"timeout": -1}}, "options.timeout"),
        ({"command": "x", "options": {"timeout": 1.5}}, "options.timeout"),
        ({"command": "x", "options": {"timeout": "1"}}, "options.timeout"),
        ({"command": "x", "options": {"env": {"A": 1}}}, "options.env.A"),
        ({"command": "x", "options": {"env": None}}, "options.env"),
        ({"command": "x", "options": {"background": "yes"}}, "options.background"),
        ({"command": "x", "options": {"stdin": None}}, "options.stdin"),
        ({"command": "x", "options": []}, "options"),
        ([], "body"),
        ("command", "body"),
    ],
)
def test_schema_violations_name_the_field(serve_programmed, client_for, body, field):
    background, engine = serve_programmed()
    assert_error(client_for(background).post(EXEC, json=body), 400, field)
    assert engine.started == []


def test_negative_timeout_says_the_bound(serve_programmed, client_for):
    background, _ = serve_programmed()
    body = assert_error(
        client_for(background).post(EXEC, json={"command": "x", "options": {"timeout": -1}}), 400
    )
    assert body["details"]["reason"] == "must be >= 0"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{bad", "application/json"),
        (b"", "application/json"),
        (b"null", "application/json"),
        (b'{"command": "\xff"}', "application/json"),
        (b"command=x", "application/x-www-form-urlencoded"),
        (b"x", "text/plain"),
    ],
)
def test_malformed_bodies_are_400(serve_programmed, client_for, content, content_type):
    background, _ = serve_programmed()
    response = client_for(background).post(
        EXEC, content=content, headers={"Content-Type": content_type}
    )
    assert_error(response, 400)


def test_a_body_without_content_type_is_read_as_json(serve_programmed, client_for):
    background, _ = serve_programmed()
    client = client_for(background)
    assert client.post(EXEC, content=b'{"command": "x"}').status_code == 200
    assert_error(client.post(EXEC, content=b'{"command": ""}'), 400, "command")


def test_unknown_sandbox_is_404(serve_programmed, client_for):
    background, _ = serve_programmed()
    body = assert_error(
        client_for(background).post("/api/v1/sandboxes/nope/exec", json={"command": "x"}), 404
    )
    assert body["message"] == "Sandbox not found"


def test_unknown_container_is_404(serve_programmed, client_for):
    background, _ = serve_programmed()
    response = client_for(background).post(
        EXEC, json={"command": "x", "options": {"container": "nope"}}
    )
    assert assert_error(response, 404)["message"] == "Container not found"


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "QUERY", "PROPFIND", "FROB"])
def test_other_methods_are_405_with_allow(serve_programmed, client_for, method):
    background, _ = serve_programmed()
    response = client_for(background).request(method, EXEC)
    assert_error(response, 405)
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize("path", ["/", "/api/v1/sandboxes", "/api/v1/sandboxes/x/exec/more"])
def test_unknown_paths_are_404(serve_programmed, client_for, path):
    background, _ = serve_programmed()
    assert_error(client_for(background).post(path, json={"command": "x"}), 404)


def test_oversized_bodies_are_refused_unread(serve_programmed, client_for):
    background, engine = serve_programmed(max_body_bytes=1000)
    client = client_for(background)
    big = {"command": "x", "options": {"stdin": "a" * 5000}}
    assert_error(client.post(EXEC, json=big), 413)

    def chunks():
        yield b'{"command": "x", "options": {"stdin": "'
        for _ in range(10):
            yield b"a" * 500
        yield b'"}}'

    response = client.post(EXEC, content=chunks(), headers={"Content-Type": "application/json"})
    assert_error(response, 413)
    assert engine.started == []


def test_chunked_bodies_under_the_limit_are_served(serve_programmed, client_for):
    background, _ = serve_programmed()

    def chunks():
        yield b'{"command": '
        yield b'"x"}'

    response = client_for(background).post(
        EXEC, content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200


def test_organizations_when_enforced(serve_programmed, client_for):
    background, _ = serve_programmed(
        enforce_organizations=True, tokens={"tok-default": "default", "tok-acme": "acme"}
    )
    client = client_for(background)
    for headers in ({}, {"Authorization": "Bearer unknown"}, {"Authorization": "Basic abc"}):
        body = assert_error(client.post(EXEC, json={"command": "x"}, headers=headers), 400)
        assert body == {"code": 400, "message": "Active organization missing", "details": None}
    ok = client.post(EXEC, json={"command": "x"}, headers={"Authorization": "Bearer tok-default"})
    assert ok.status_code == 200
    other = client.post(EXEC, json={"command": "x"}, headers={"Authorization": "Bearer tok-acme"})
    assert assert_error(other, 404)["message"] == "Sandbox not found"
    mine = client.post(
        "/api/v1/sandboxes/other-org-box/exec",
        json={"command": "x"},
        headers={"Authorization": "Bearer tok-acme"},
    )
    assert mine.status_code == 200


def test_organizations_not_enforced_by_default(serve_programmed, client_for):
    background, _ = serve_programmed()
    response = client_for(background).post(
        "/api/v1/sandboxes/other-org-box/exec", json={"command": "x"}
    )
    assert response.status_code == 200


def test_a_content_length_that_is_not_a_number_is_400() -> None:
    import asyncio

    from mockserver.limits import BodySizeLimit

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        raise AssertionError("the body should not reach the app")

    sent: list[dict] = []  # type: ignore[type-arg]

    async def send(message):  # type: ignore[no-untyped-def]
        sent.append(message)

    async def receive():  # type: ignore[no-untyped-def]
        return {"type": "http.request", "body": b"{}", "more_body": False}

    scope = {"type": "http", "method": "POST", "path": EXEC, "headers": [(b"content-length", b"x")]}
    asyncio.run(BodySizeLimit(app, 100)(scope, receive, send))
    assert sent[0]["status"] == 400
    body = json.loads(sent[1]["body"])
    assert body["code"] == 400 and body["details"]["field"] == "Content-Length"
