"""Plain `mockserver serve` (the simulated shell behind the embedded fixtures) over real HTTP:
the contract's semantics, as an SDK sees them."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from tests.conftest import EXEC
from tests.sse_reader import read_sse


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with (
        BackgroundServer(Settings(reload=False, log_level="warning")) as running,
        httpx.Client(base_url=running.url, timeout=30) as client,
    ):
        yield client


def run(client: httpx.Client, command: str, **options: object) -> dict:  # type: ignore[type-arg]
    body: dict[str, object] = {"command": command}
    if options:
        body["options"] = options
    response = client.post(EXEC, json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["success"] == (answer["exitCode"] == 0)
    return answer  # type: ignore[no-any-return]


def test_files_persist_between_calls_but_cd_and_export_do_not(client: httpx.Client) -> None:
    assert (
        run(client, "mkdir -p data && cd data && echo kept > f.txt && export GONE=1")["exitCode"]
        == 0
    )
    assert run(client, 'cat data/f.txt; pwd; echo "[$GONE]"')["stdout"] == "kept\n/app\n[]\n"


def test_env_is_merged_for_one_call_only(client: httpx.Client) -> None:
    first = run(client, 'echo "$HOME $ONLY"', env={"ONLY": "here"})
    assert first["stdout"] == "/home/user here\n"
    assert run(client, 'echo "[$ONLY]"')["stdout"] == "[]\n"


def test_stdin_then_eof_and_cwd(client: httpx.Client) -> None:
    assert run(client, "cat", stdin="line 1\nline 2\n")["stdout"] == "line 1\nline 2\n"
    assert run(client, "cat")["stdout"] == ""
    assert run(client, "pwd", cwd="/tmp")["stdout"] == "/tmp\n"


def test_exit_codes_and_stderr_kept_apart(client: httpx.Client) -> None:
    answer = run(client, "echo out; echo err >&2; exit 42")
    assert (answer["stdout"], answer["stderr"], answer["exitCode"]) == ("out\n", "err\n", 42)
    missing = run(client, "no-such-tool --flag")
    assert missing["exitCode"] == 127
    assert missing["stderr"] == "sh: 1: no-such-tool: not found\n"


def test_timeout_stops_the_command_with_124(client: httpx.Client) -> None:
    started = time.monotonic()
    answer = run(client, "echo before; sleep 30; echo after", timeout=1)
    assert time.monotonic() - started < 3.5
    assert (answer["stdout"], answer["exitCode"]) == ("before\n", 124)
    assert run(client, "while :; do :; done", timeout=1)["exitCode"] == 124
    assert run(client, "sleep 1; echo done", timeout=0)["stdout"] == "done\n"


def test_background_answers_at_once_and_its_effects_appear(client: httpx.Client) -> None:
    started = time.monotonic()
    answer = run(client, "sleep 1; echo late > bg.txt", background=True)
    assert time.monotonic() - started < 0.9
    assert answer == {"stdout": "", "stderr": "", "exitCode": 0, "success": True}
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and run(client, "cat bg.txt")["exitCode"] != 0:
        time.sleep(0.2)
    assert run(client, "cat bg.txt")["stdout"] == "late\n"


def test_sse_chunks_arrive_at_their_real_times_and_equal_json(client: httpx.Client) -> None:
    command = "echo one; sleep 1; echo two >&2; exit 3"
    read = read_sse(client, EXEC, {"command": command})
    assert [e.event for e in read.events] == ["start", "stdout", "stderr", "complete"]
    assert read.events[2].at - read.events[1].at >= 0.8
    answer = run(client, command)
    assert answer["stdout"] == read.events[1].data["data"]
    assert answer["stderr"] == read.events[2].data["data"]
    assert read.events[3].data["exitCode"] == answer["exitCode"] == 3


def test_a_mebibyte_of_output_round_trips(client: httpx.Client) -> None:
    line = "x" * 1023 + "\n"
    answer = run(client, f"i=0; while [ $i -lt 1100 ]; do echo {line.strip()}; i=$((i+1)); done")
    assert answer["stdout"] == line * 1100


def test_unicode_is_byte_faithful(client: httpx.Client) -> None:
    text = "héllo wörld ✓ 😀 \t tab"
    assert run(client, 'printf "%s" "$T"', env={"T": text})["stdout"] == text
    assert run(client, "printf '%s' 'ünï'")["stdout"] == "ünï"
