"""An SDK's own test suite, as its authors would write it with the documented plugin API only.

A tiny SDK (written against httpx, sync and async) is tested in a separate pytest run: scripted
answers added in a test, journal assertions (one failing on purpose, to read its message),
isolation between tests, a 503-then-200 retry, a dropped stream, a fixture added over /__admin, and the same tests over
``mockserver.wsgi_app`` and ``mockserver.asgi_app`` instead of a socket.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SDK = '''
import json
import time

import httpx


class SandboxError(Exception):
    pass


def _events(lines):
    fields = {}
    for line in lines:
        if line == "":
            if fields:
                yield fields.get("event"), json.loads(fields.get("data", "null"))
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")


class Sandbox:
    """The SDK under test: runs commands, retries a busy API, reads streams."""

    def __init__(self, client, sandbox_id, retries=2, backoff=0.05):
        self.client, self.sandbox_id = client, sandbox_id
        self.retries, self.backoff = retries, backoff

    @property
    def path(self):
        return f"/api/v1/sandboxes/{self.sandbox_id}/exec"

    def run(self, command, **options):
        for attempt in range(self.retries + 1):
            try:
                response = self.client.post(
                    self.path, json={"command": command, "options": options},
                    headers={"User-Agent": "sandbox-sdk/1.0"})
            except httpx.TransportError as error:
                if attempt == self.retries:
                    raise SandboxError(f"connection lost: {error}") from error
                continue
            if response.status_code in (429, 502, 503) and attempt < self.retries:
                time.sleep(float(response.headers.get("retry-after", self.backoff)))
                continue
            if response.is_error:
                raise SandboxError(response.json()["message"])
            return response.json()

    def stream(self, command):
        chunks = []
        try:
            with self.client.stream("POST", self.path, json={"command": command},
                                    headers={"Accept": "text/event-stream"}) as response:
                for event, data in _events(response.iter_lines()):
                    if event in ("stdout", "stderr"):
                        chunks.append(data["data"])
                    elif event == "complete":
                        return "".join(chunks), data["exitCode"]
        except httpx.TransportError as error:
            raise SandboxError(f"stream broken: {error}") from error
        raise SandboxError("stream ended before the command completed")


class AsyncSandbox(Sandbox):
    async def run(self, command, **options):
        response = await self.client.post(self.path, json={"command": command,
                                          "options": options})
        if response.is_error:
            raise SandboxError(response.json()["message"])
        return response.json()
'''

TESTS = '''
import asyncio
import re

import httpx
import pytest

import mockserver
from mockserver.settings import Settings
from mockserver.testing import SandboxApi
from sandbox_sdk import AsyncSandbox, Sandbox, SandboxError


@pytest.fixture(scope="module")
def in_process_app():
    return mockserver.wsgi_app(Settings(reload=False))


@pytest.fixture(params=["socket", "wsgi"])
def mock(request, sandbox_api):
    """The plugin's server, or the same mock in-process through mockserver.wsgi_app()."""
    if request.param == "socket":
        client = httpx.Client(base_url=sandbox_api.url, timeout=10)
        yield SandboxApi.over(client), client
    else:
        app = request.getfixturevalue("in_process_app")
        client = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://sdk")
        api = SandboxApi.over(client)
        api.reset()
        yield api, client
    client.close()


def test_a_scripted_answer_added_in_the_test(mock):
    api, client = mock
    api.add_fixture({"match": {"command": "deploy", "call_env": {"STAGE": "prod"}},
                     "respond": {"stdout": "deployed to prod\\n"}})
    sdk = Sandbox(client, api.sandbox_id)
    assert sdk.run("deploy", env={"STAGE": "prod"})["stdout"] == "deployed to prod\\n"
    call = api.assert_called_once(command="deploy", body={"options": {"env": {"STAGE": "prod"}}})
    assert call.headers["user-agent"] == "sandbox-sdk/1.0"


def test_isolation_first(mock):
    api, client = mock
    Sandbox(client, api.sandbox_id).run("echo secret > token.txt")


def test_isolation_second(mock):
    api, client = mock
    assert api.requests == []
    assert Sandbox(client, api.sandbox_id).run("cat token.txt")["exitCode"] == 1


def test_a_busy_api_is_retried_after_its_retry_after(mock):
    api, client = mock
    api.add_fixture({"match": {"command": "make"}, "sequence": [
        {"fault": {"status": 503, "headers": {"Retry-After": "0.1"}}},
        {"stdout": "built\\n"}]})
    assert Sandbox(client, api.sandbox_id).run("make")["stdout"] == "built\\n"
    calls = api.assert_called(times=2, command="make")
    assert [call.status for call in calls] == [503, 200]
    assert calls[0].response.headers["retry-after"] == "0.1"


def test_a_dropped_stream_is_an_error_for_the_sdk(mock):
    api, client = mock
    api.add_fixture({"match": {"command": "build"}, "respond": {
        "stream": [{"stdout": "step 1\\n"}, {"stdout": "step 2\\n", "after_ms": 20}],
        "fault": {"cut_after": 1}}})
    with pytest.raises(SandboxError):
        Sandbox(client, api.sandbox_id).stream("build")
    assert Sandbox(client, api.sandbox_id).stream("echo fine") == ("fine\\n", 0)


def test_a_fixture_added_over_the_admin_api(mock):
    api, client = mock
    entry = {"name": "whoami", "match": {"command": "whoami"}, "respond": {"stdout": "ci\\n"}}
    assert client.post("/__admin/fixtures", json=entry).status_code == 201
    assert Sandbox(client, api.sandbox_id).run("whoami")["stdout"] == "ci\\n"
    journal = client.get("/__admin/requests", params={"command": "whoami"}).json()["requests"]
    assert [e["answered_by"]["fixture"] for e in journal] == ["whoami"]


def test_the_async_sdk_over_asgi_app():
    async def main():
        app = mockserver.asgi_app(Settings(reload=False))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sdk") as client:
            sdk = AsyncSandbox(client, "e7847229c547d8")
            first = await sdk.run("echo kept > f")
            second = await sdk.run("cat f; exit 4")
            journal = (await client.get("/__admin/requests")).json()["requests"]
            return first["exitCode"], second, [e["command"] for e in journal]

    code, second, commands = asyncio.run(main())
    assert code == 0 and second["stdout"] == "kept\\n" and second["exitCode"] == 4
    assert commands == ["echo kept > f", "cat f; exit 4"]


def test_a_journal_assertion_that_fails(mock):
    api, client = mock
    Sandbox(client, api.sandbox_id).run("git pull", timeout=30)
    api.assert_called(command="git pull", body={"options": {"timeout": 60}})
'''


def test_the_sdk_suite_passes_with_the_documented_api(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(sandbox_sdk=SDK, test_sdk=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=13, failed=2)
    output = result.stdout.str()
    assert "FAILED test_sdk.py::test_a_journal_assertion_that_fails[socket]" in output
    assert "FAILED test_sdk.py::test_a_journal_assertion_that_fails[wsgi]" in output
    assert "    body['options']['timeout']: expected 60, got 30" in output
