"""The admin API under /__admin: readiness, resets, run-time fixtures and sandboxes, access."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mockserver.app import create_app
from mockserver.server import BackgroundServer
from mockserver.settings import Settings


@pytest.fixture(scope="module")
def running() -> Iterator[BackgroundServer]:
    with BackgroundServer(Settings(reload=False, log_level="warning")) as server:
        yield server


@pytest.fixture
def client(running: BackgroundServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running.url, timeout=30) as client:
        assert client.post("/__admin/reset").status_code == 204
        yield client


def run(client: httpx.Client, command: str, sandbox: str = "e7847229c547d8") -> Any:
    response = client.post(f"/api/v1/sandboxes/{sandbox}/exec", json={"command": command})
    assert response.status_code == 200, response.text
    return response.json()


def test_health_says_ready(client: httpx.Client) -> None:
    body = client.get("/__admin/health").json()
    assert body["status"] == "ok" and body["engine"] == "simulated"


def test_a_fixture_added_over_admin_is_served_and_journaled(client: httpx.Client) -> None:
    entry = {"name": "deploy", "match": {"command": "deploy"}, "respond": {"stdout": "done\n"}}
    response = client.post("/__admin/fixtures", json=entry)
    assert response.status_code == 201 and response.json() == {"added": ["deploy"]}
    assert run(client, "deploy")["stdout"] == "done\n"
    [journaled] = client.get("/__admin/requests").json()["requests"]
    assert journaled["answered_by"]["fixture"] == "deploy"
    listed = client.get("/__admin/fixtures").json()["fixtures"]
    assert listed[0] == {
        "name": "deploy",
        "location": "POST /__admin/fixtures, fixtures[0]",
        "added": True,
        "calls": 1,
        "times": None,
        "entry": entry,
    }
    assert any(not f["added"] for f in listed)  # the files' fixtures come after


def test_added_fixtures_are_tried_in_order_before_the_files(client: httpx.Client) -> None:
    entries = [
        {
            "name": "flaky",
            "match": {"command": "npm install"},
            "times": 1,
            "respond": {"stderr": "ETIMEDOUT\n", "exitCode": 1},
        },
        {"name": "steady", "match": {"command": "npm install"}, "respond": {"stdout": "ok\n"}},
    ]
    assert client.post("/__admin/fixtures", json=entries).json() == {"added": ["flaky", "steady"]}
    assert run(client, "npm install")["exitCode"] == 1
    assert run(client, "npm install")["stdout"] == "ok\n"
    assert client.delete("/__admin/fixtures/steady").status_code == 204
    assert client.delete("/__admin/fixtures/steady").status_code == 404
    assert run(client, "npm install")["stdout"] == "hello\n"  # the embedded fixture again


def test_bad_entries_are_a_400_naming_each_problem_and_nothing_is_added(
    client: httpx.Client,
) -> None:
    entries = [
        {"name": "good", "match": {"command": "x"}, "respond": {"stdout": "x"}},
        {"name": "bad", "match": {"command_regex": "("}, "respond": {}},
        {"nmae": "typo", "respond": {}},
    ]
    response = client.post("/__admin/fixtures", json=entries)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 400 and "nothing was added" in body["message"]
    problems = body["details"]["problems"]
    assert any("regular expression" in p["problem"] for p in problems)
    assert any("did you mean 'name'" in p["fix"] for p in problems)
    assert [
        f["name"] for f in client.get("/__admin/fixtures").json()["fixtures"] if f["added"]
    ] == []
    for bad in (b"{nope", b"42"):
        answer = client.post(
            "/__admin/fixtures", content=bad, headers={"Content-Type": "application/json"}
        )
        assert answer.status_code == 400 and set(answer.json()) == {"code", "message", "details"}


def test_a_second_fixture_with_a_taken_name_is_refused(client: httpx.Client) -> None:
    entry = {"name": "once", "match": {"command": "a"}, "respond": {"stdout": "a"}}
    assert client.post("/__admin/fixtures", json=entry).status_code == 201
    response = client.post("/__admin/fixtures", json=entry)
    assert response.status_code == 400 and "added already" in response.text


def test_reset_forgets_files_counts_journal_and_additions(client: httpx.Client) -> None:
    client.post(
        "/__admin/fixtures",
        json={"name": "one", "match": {"command": "one"}, "times": 1, "respond": {"stdout": "1\n"}},
    )
    run(client, "echo kept > note")
    assert run(client, "one")["stdout"] == "1\n"
    assert client.post("/__admin/reset").status_code == 204
    assert client.get("/__admin/requests").json()["requests"] == []
    assert run(client, "cat note")["exitCode"] == 1
    assert run(client, "one")["exitCode"] == 127  # the added fixture is gone


def test_reset_restarts_the_call_counts_of_file_fixtures(client: httpx.Client) -> None:
    def calls() -> int:
        fixtures = client.get("/__admin/fixtures").json()["fixtures"]
        return next(f["calls"] for f in fixtures if f["name"] == "npm-install")

    run(client, "npm install")
    assert calls() == 1
    client.post("/__admin/reset")
    assert calls() == 0


def test_sandboxes_can_be_added_listed_reset_and_removed(client: httpx.Client) -> None:
    response = client.post("/__admin/sandboxes", json={"id": "ci-box", "cwd": "/work"})
    assert response.status_code == 201 and response.json() == {"added": ["ci-box"]}
    listed = {s["id"]: s for s in client.get("/__admin/sandboxes").json()["sandboxes"]}
    assert listed["ci-box"]["added"] is True and listed["e7847229c547d8"]["added"] is False
    assert run(client, "echo x > f; pwd", "ci-box")["stdout"] == "/work\n"
    assert client.post("/__admin/sandboxes/ci-box/reset").status_code == 204
    assert run(client, "cat f", "ci-box")["exitCode"] == 1
    assert client.delete("/__admin/sandboxes/ci-box").status_code == 204
    gone = client.post("/api/v1/sandboxes/ci-box/exec", json={"command": "true"})
    assert gone.status_code == 404
    assert client.delete("/__admin/sandboxes/e7847229c547d8").status_code == 409
    assert client.delete("/__admin/sandboxes/nothing").status_code == 404
    bad = client.post("/__admin/sandboxes", json={"id": "x", "cwd": 3})
    assert bad.status_code == 400 and bad.json()["details"]["problems"]


def test_fixtures_may_name_a_sandbox_added_before_them(client: httpx.Client) -> None:
    entry = {"name": "on-box", "match": {"sandbox": "box-2"}, "respond": {"stdout": "box\n"}}
    assert client.post("/__admin/fixtures", json=entry).status_code == 400
    client.post("/__admin/sandboxes", json={"id": "box-2"})
    assert client.post("/__admin/fixtures", json=entry).status_code == 201
    assert run(client, "anything", "box-2")["stdout"] == "box\n"


def test_unknown_paths_and_methods_are_errors_in_the_error_schema(client: httpx.Client) -> None:
    for response in (client.get("/__admin/nope"), client.put("/__admin/health")):
        assert response.status_code in (404, 405)
        assert set(response.json()) == {"code", "message", "details"}
    assert client.put("/__admin/fixtures").headers["allow"] == "DELETE, GET, POST"
    document = client.get("/__admin/openapi.json").json()
    assert document["info"]["title"] == "mockserver admin API"
    schemas = document["components"]["schemas"]
    entry = schemas["FixtureEntry"]  # the fixture files' own schema, as served (refs resolved)
    entry = schemas[entry["$ref"].rsplit("/", 1)[-1]] if "$ref" in entry else entry
    assert {"name", "match", "respond", "sequence", "times"} <= set(entry["properties"])


def _status_from(client_host: str, token: str | None, **headers: str) -> int:
    app = create_app(Settings(reload=False, token=token))

    async def call() -> int:
        transport = httpx.ASGITransport(app=app, client=(client_host, 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            return (await client.get("/__admin/health", headers=headers)).status_code

    return asyncio.run(call())


def test_the_admin_api_refuses_other_hosts_without_the_access_token() -> None:
    assert _status_from("127.0.0.1", None) == 200
    assert _status_from("::1", None) == 200
    assert _status_from("203.0.113.7", None) == 403
    assert _status_from("203.0.113.7", "s3cret") == 401
    assert _status_from("203.0.113.7", "s3cret", Authorization="Bearer wrong") == 401
    assert _status_from("203.0.113.7", "s3cret", Authorization="Bearer s3cret") == 200
    assert _status_from("203.0.113.7", "s3cret", **{"X-Access-Token": "s3cret"}) == 200
