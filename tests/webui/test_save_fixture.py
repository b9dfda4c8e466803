"""GET /__admin/requests/{id}/fixture over real HTTP: a journal entry as a fixture that lint accepts
and that answers the same call the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import yaml
from click.testing import CliRunner

from mockserver.cli import main
from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from tests.conftest import EXEC


def last_id(client: httpx.Client) -> int:
    entry_id: int = client.get("/__admin/requests").json()["requests"][-1]["id"]
    return entry_id


def saved(client: httpx.Client) -> dict[str, Any]:
    response = client.get(f"/__admin/requests/{last_id(client)}/fixture")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def lint(folder: Path) -> None:
    result = CliRunner().invoke(main, ["fixtures", "lint", str(folder)])
    assert result.exit_code == 0, result.output


def test_a_json_answer_becomes_a_fixture_that_lint_accepts(
    client: httpx.Client, tmp_path: Path
) -> None:
    body = {"command": "printf 'x\\n' >&2; exit 5", "options": {"cwd": "/tmp"}}
    client.post(EXEC, json=body)
    result = saved(client)
    fixture = result["fixture"]
    assert fixture["match"]["command"] == body["command"]
    assert fixture["match"]["cwd"] == "/tmp"
    assert fixture["respond"] == {"stderr": "x\n", "exitCode": 5}
    assert result["lost"] == []
    document = yaml.safe_load(result["yaml"])
    assert document == {"fixtures": [fixture]}
    assert result["yaml"].startswith("# Saved from request ")
    (tmp_path / "saved.yaml").write_text(result["yaml"])
    lint(tmp_path)


def test_an_added_saved_fixture_answers_the_same_call(client: httpx.Client) -> None:
    streamed = {"command": "echo a; sleep 0.1; echo b"}
    headers = {"Accept": "text/event-stream"}
    first = client.post(EXEC, json=streamed, headers=headers)
    fixture = saved(client)["fixture"]
    chunks = fixture["respond"]["stream"]
    assert [item["stdout"] for item in chunks if "stdout" in item] == ["a\n", "b\n"]
    assert sum(item.get("after_ms", 0) for item in chunks) >= 95  # the 0.1 s pause is kept
    assert client.post("/__admin/fixtures", json=fixture).status_code == 201
    again = client.post(EXEC, json=streamed, headers=headers)
    assert again.text == first.text  # the same events, in the same order, with the same ids
    answered = client.get("/__admin/requests").json()["requests"][-1]["answered_by"]
    assert answered["fixture"] == fixture["name"]


def test_the_name_hides_no_fixture_the_mock_has(client: httpx.Client) -> None:
    client.post(EXEC, json={"command": "npm install"})  # answered by the fixture 'npm-install'
    assert saved(client)["fixture"]["name"] == "npm-install-2"


def test_a_sandbox_added_at_run_time_comes_with_the_file(
    client: httpx.Client, tmp_path: Path
) -> None:
    sandbox = {"id": "box-9", "cwd": "/work", "env": {"A": "1"}, "containers": ["main"]}
    assert client.post("/__admin/sandboxes", json=sandbox).status_code == 201
    client.post("/api/v1/sandboxes/box-9/exec", json={"command": "pwd"})
    result = saved(client)
    document = yaml.safe_load(result["yaml"])
    assert document["sandboxes"] == [{"organization": "default", **sandbox}]
    (tmp_path / "saved.yaml").write_text(result["yaml"])
    lint(tmp_path)


def test_what_no_fixture_can_answer_is_a_422_saying_why(client: httpx.Client) -> None:
    client.post("/api/v1/sandboxes/no-such-box/exec", json={"command": "ls"})
    refused = client.get(f"/__admin/requests/{last_id(client)}/fixture")
    assert refused.status_code == 422
    assert refused.json()["message"] == "No fixture can answer this call as it was answered"
    assert "the mock refused this call itself (404)" in refused.json()["details"]["reason"]
    missing = client.get("/__admin/requests/987654/fixture")
    assert missing.status_code == 404 and missing.json()["details"]["field"] == "id"


def test_a_call_no_fixture_matched_is_not_saved_as_the_report() -> None:
    settings = Settings(reload=False, log_level="warning", engine="scripted")
    with BackgroundServer(settings) as server, httpx.Client(base_url=server.url) as client:
        client.post(EXEC, json={"command": "no such fixture"})
        refused = client.get(f"/__admin/requests/{last_id(client)}/fixture")
    assert refused.status_code == 422
    assert refused.json()["details"]["reason"].startswith("no fixture matched this call")
