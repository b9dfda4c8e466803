"""Status faults and header matching, seen by real clients over a real socket."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mockserver.server import BackgroundServer
from mockserver.settings import Settings

EXEC = "/api/v1/sandboxes/e7847229c547d8/exec"
SSE = {"Accept": "text/event-stream"}
FIXTURES = """
fixtures:
  - name: flaky
    match: {command: ./deploy.sh}
    sequence:
      - fault: {status: 503, headers: {Retry-After: "1"}}
      - {stdout: "deployed\\n"}
  - name: throttled
    match: {command: throttled}
    respond: {fault: {status: 429, headers: {Retry-After: "2", X-RateLimit-Remaining: "0"}}}
  - name: no-token
    match: {command: whoami, headers: {authorization: null}}
    respond:
      fault: {status: 401, headers: {WWW-Authenticate: Bearer}, message: token required}
  - name: whoami
    match: {command: whoami, headers: {Authorization: Bearer abc}}
    respond: {stdout: "abc\\n"}
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("faults")
    (directory / "faults.yaml").write_text(FIXTURES, encoding="utf-8")
    settings = Settings(
        fixtures=(directory,), engine="scripted", reload=False, port=0, log_level="critical"
    )
    with BackgroundServer(settings) as running:
        yield running.url


def test_a_503_with_retry_after_then_the_answer(url: str) -> None:
    with httpx.Client(base_url=url) as client:
        first = client.post(EXEC, json={"command": "./deploy.sh"})
        assert first.status_code == 503
        assert first.headers["retry-after"] == "1"
        assert first.json() == {"code": 503, "message": "Service Unavailable", "details": None}
        second = client.post(EXEC, json={"command": "./deploy.sh"})
        assert (second.status_code, second.json()["stdout"]) == (200, "deployed\n")


@pytest.mark.parametrize("accept", ["application/json", "text/event-stream"])
def test_a_429_carries_its_headers_for_json_and_sse(url: str, accept: str) -> None:
    answer = httpx.post(url + EXEC, json={"command": "throttled"}, headers={"Accept": accept})
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == "2"
    assert answer.headers["x-ratelimit-remaining"] == "0"
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json()["code"] == 429


def test_headers_are_matched_in_any_case(url: str) -> None:
    refused = httpx.post(url + EXEC, json={"command": "whoami"})
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert refused.json() == {"code": 401, "message": "token required", "details": None}
    allowed = httpx.post(
        url + EXEC, json={"command": "whoami"}, headers={"authorization": "Bearer abc"}
    )
    assert (allowed.status_code, allowed.json()["stdout"]) == (200, "abc\n")
