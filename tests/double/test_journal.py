"""The request journal over real HTTP: what was asked, what was answered, and by what."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from mockserver.journal import Entry, EntryFilter, Journal
from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from tests.conftest import EXEC


@pytest.fixture(scope="module")
def running() -> Iterator[BackgroundServer]:
    with BackgroundServer(Settings(reload=False, log_level="warning", journal_size=5)) as server:
        yield server


@pytest.fixture
def client(running: BackgroundServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running.url, timeout=30) as client:
        assert client.post("/__admin/reset").status_code == 204
        yield client


def journal(client: httpx.Client, **params: object) -> list[dict[str, object]]:
    response = client.get("/__admin/requests", params=params)
    assert response.status_code == 200
    requests: list[dict[str, object]] = response.json()["requests"]
    return requests


def test_an_entry_holds_the_request_the_answer_and_the_engine(client: httpx.Client) -> None:
    client.post(
        EXEC + "?trace=1",
        json={"command": "echo hi", "options": {"env": {"A": "1"}}},
        headers={"X-Sdk": "demo/1.0"},
    )
    [entry] = journal(client)
    assert (entry["method"], entry["path"], entry["query"]) == ("POST", EXEC, "trace=1")
    assert ["x-sdk", "demo/1.0"] in entry["headers"]
    assert entry["body"] == {"command": "echo hi", "options": {"env": {"A": "1"}}}
    assert entry["command"] == "echo hi" and entry["sandbox"] == "e7847229c547d8"
    response = entry["response"]
    assert isinstance(response, dict)
    assert response["status"] == 200 and response["complete"] is True
    assert response["body"] == {"stdout": "hi\n", "stderr": "", "exitCode": 0, "success": True}
    assert entry["answered_by"] == {
        "kind": "engine",
        "engine": "simulated",
        "fixture": None,
        "location": None,
        "description": "engine 'simulated'",
    }
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0


def test_a_fixture_answer_names_the_fixture_and_where_it_is_written(client: httpx.Client) -> None:
    client.post(EXEC, json={"command": "npm install"})
    [entry] = journal(client)
    answered = entry["answered_by"]
    assert isinstance(answered, dict)
    assert (answered["kind"], answered["fixture"]) == ("fixture", "npm-install")
    assert str(answered["location"]).split("/")[-1].startswith("default.yaml:")


def test_sse_events_are_kept_with_the_time_each_was_sent(client: httpx.Client) -> None:
    client.post(
        EXEC,
        json={"command": "echo one; sleep 0.3; echo two"},
        headers={"Accept": "text/event-stream"},
    )
    [entry] = journal(client)
    response = entry["response"]
    assert isinstance(response, dict)
    events = response["events"]
    assert [e["event"] for e in events] == ["start", "stdout", "stdout", "complete"]
    assert events[2]["data"] == {"type": "stdout", "data": "two\n"}
    assert events[2]["at_ms"] - events[1]["at_ms"] >= 250
    assert response["body"] is None


def test_refused_requests_are_recorded_as_answered_by_the_mock(client: httpx.Client) -> None:
    client.post("/api/v1/sandboxes/nope/exec", json={"command": "x"})
    client.post(EXEC, content=b"{not json", headers={"Content-Type": "application/json"})
    client.get(EXEC)
    entries = journal(client)
    assert [e["response"]["status"] for e in entries] == [404, 400, 405]  # type: ignore[index]
    assert entries[1]["raw_body"] == "{not json" and entries[1]["body"] is None
    assert all(e["answered_by"]["kind"] == "mock" for e in entries)  # type: ignore[index]


def test_admin_calls_are_not_journaled_and_filters_select(client: httpx.Client) -> None:
    client.post(EXEC, json={"command": "true"}, headers={"Authorization": "Bearer a"})
    client.post(EXEC, json={"command": "false"}, headers={"Authorization": "Bearer b"})
    client.get("/__admin/health")
    assert [e["command"] for e in journal(client)] == ["true", "false"]
    assert [e["command"] for e in journal(client, command="false")] == ["false"]
    assert [e["command"] for e in journal(client, header="authorization:Bearer a")] == ["true"]
    first = journal(client)[0]["id"]
    assert [e["command"] for e in journal(client, since=first)] == ["false"]
    assert [e["command"] for e in journal(client, limit=1)] == ["false"]
    assert client.get("/__admin/requests", params={"header": "nocolon"}).status_code == 400


def test_the_ring_keeps_the_last_entries_only(client: httpx.Client) -> None:
    for n in range(7):
        client.post(EXEC, json={"command": f"echo {n}"})
    assert [e["command"] for e in journal(client)] == [f"echo {n}" for n in range(2, 7)]
    assert client.delete("/__admin/requests").status_code == 204
    assert journal(client) == []


def _entry(journal: Journal, command: str) -> Entry:
    entry, generation = journal.begin("POST", EXEC, "", (("x-a", "1"),))
    entry.body = {"command": command}
    entry.status = 200
    journal.finish(entry, generation)
    return entry


def test_subscribers_receive_new_entries_as_they_arrive() -> None:
    journal = Journal(10)

    async def scenario() -> list[str | None]:
        seen: list[str | None] = []

        async def read() -> None:
            async for entry in journal.subscribe():
                seen.append(entry.command)
                if len(seen) == 2:
                    return

        reader = asyncio.create_task(read())
        await asyncio.sleep(0)
        _entry(journal, "one")
        _entry(journal, "two")
        await asyncio.wait_for(reader, 5)
        _entry(journal, "after")  # the subscription has ended: nothing is left listening
        return seen

    assert asyncio.run(scenario()) == ["one", "two"]
    assert journal._listeners == []


def test_an_entry_begun_before_a_clear_is_not_kept() -> None:
    journal = Journal(10)
    entry, generation = journal.begin("POST", EXEC, "", ())
    journal.clear()
    journal.finish(entry, generation)
    assert journal.entries() == []


def test_filters_match_headers_in_any_case() -> None:
    journal = Journal(10)
    entry = _entry(journal, "x")
    assert EntryFilter(headers={"X-A": "1"}).accepts(entry)
    assert not EntryFilter(headers={"X-A": "2"}).accepts(entry)
    assert "POST" in entry.summary() and "'x'" in entry.summary()


def test_a_large_answer_is_kept_in_part_and_said_so(client: httpx.Client) -> None:
    client.post(EXEC, json={"command": "head -c 400000 /dev/zero | tr '\\\\0' x"})
    [entry] = journal(client)
    response = entry["response"]
    assert isinstance(response, dict)
    assert response["truncated"] is True and response["body"] is None
    assert response["status"] == 200 and response["complete"] is True
