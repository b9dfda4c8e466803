"""Prefer: code=, example=, dynamic=true (Prism-compatible)."""

from __future__ import annotations

from tests.conftest import EXEC
from tests.sse_reader import read_sse


def test_prefer_code_gives_that_documented_status(serve_programmed, client_for):
    background, engine = serve_programmed()
    client = client_for(background)
    for code in (400, 404):
        response = client.post(EXEC, json={"command": "x"}, headers={"Prefer": f"code={code}"})
        assert response.status_code == code
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert body["code"] == code and isinstance(body["message"], str)
    ok = client.post(EXEC, json={"command": "x"}, headers={"Prefer": "code=200"})
    assert ok.json() == {"stdout": "hello\n", "stderr": "", "exitCode": 0, "success": True}
    assert engine.started == []


def test_prefer_an_undocumented_status_lists_the_documented_ones(serve_programmed, client_for):
    background, _ = serve_programmed()
    response = client_for(background).post(
        EXEC, json={"command": "x"}, headers={"Prefer": "code=503"}
    )
    assert response.status_code == 400
    assert response.json()["details"]["reason"] == "documented statuses: [200, 400, 404]"


def test_prefer_example_by_name(serve_programmed, client_for):
    background, _ = serve_programmed()
    client = client_for(background)
    ok = client.post(EXEC, json={"command": "x"}, headers={"Prefer": "example=default"})
    assert ok.json()["stdout"] == "hello\n"
    missing = client.post(EXEC, json={"command": "x"}, headers={"Prefer": "example=nope"})
    assert missing.status_code == 400 and "nope" in missing.json()["message"]


def test_prefer_dynamic_keeps_success_consistent(serve_programmed, client_for):
    background, _ = serve_programmed()
    client = client_for(background)
    for _ in range(20):
        body = client.post(EXEC, json={"command": "x"}, headers={"Prefer": "dynamic=true"}).json()
        assert isinstance(body["stdout"], str) and isinstance(body["stderr"], str)
        assert isinstance(body["exitCode"], int)
        assert body["success"] == (body["exitCode"] == 0)


def test_prefer_still_validates_the_request(serve_programmed, client_for):
    background, _ = serve_programmed()
    response = client_for(background).post(
        EXEC, json={"command": ""}, headers={"Prefer": "code=200"}
    )
    assert response.status_code == 400


def test_prefer_200_streams_when_sse_is_asked(serve_programmed, client_for):
    background, _ = serve_programmed()
    read = read_sse(client_for(background), EXEC, {"command": "x"}, Prefer="code=200")
    assert [e.event for e in read.events] == ["start", "stdout", "complete"]
    assert read.events[1].data["data"] == "hello\n"
