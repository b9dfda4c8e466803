"""The scripted engine: first match wins, times, sequences, templates, faults, timelines, misses."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from mockserver.engines.base import (
    Engine,
    Event,
    ExecRequest,
    Execution,
    Exit,
    Output,
)
from mockserver.engines.scripted import ScriptedEngine, create
from mockserver.fixtures import FixtureSet, embedded_fixtures_dir, load_fixture_set
from mockserver.sandboxes import Sandbox
from mockserver.settings import Settings

SANDBOX = Sandbox(
    id="e7847229c547d8",
    env=MappingProxyType({"HOME": "/home/user", "PATH": "/usr/bin:/bin"}),
    cwd="/app",
    containers=("app", "db"),
)
SANDBOXES = """
sandboxes:
  - {id: e7847229c547d8, env: {HOME: /home/user, PATH: /usr/bin:/bin}, cwd: /app,
     containers: [app, db]}
  - {id: other, cwd: /srv}
"""


def call(
    command: str,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    stdin: str = "",
    container: str = "app",
    background: bool = False,
    timeout: float | None = 60.0,
    sandbox: Sandbox = SANDBOX,
) -> ExecRequest:
    call_env = dict(env or {})
    return ExecRequest(
        sandbox=sandbox,
        command=command,
        stdin=stdin,
        env=MappingProxyType({**sandbox.env, **call_env}),
        call_env=MappingProxyType(call_env),
        cwd=cwd or sandbox.cwd,
        timeout=timeout,
        container=container,
        background=background,
    )


def fixture_set(tmp_path: Path, text: str, *, with_sandboxes: bool = True) -> FixtureSet:
    body = (SANDBOXES if with_sandboxes else "") + textwrap.dedent(text)
    (tmp_path / "fixtures.yaml").write_text(body, encoding="utf-8")
    return load_fixture_set([tmp_path])


def events(execution: Execution | None) -> list[Event]:
    assert execution is not None, "the engine declined the call"

    async def collect() -> list[Event]:
        return [event async for event in execution]

    return asyncio.run(collect())


def stdout(found: list[Event]) -> str:
    return "".join(e.data for e in found if isinstance(e, Output) and e.stream == "stdout")


def test_it_implements_the_engine_protocol(tmp_path: Path) -> None:
    engine = ScriptedEngine(fixture_set(tmp_path, "fixtures: []"), terminal=False)
    assert isinstance(engine, Engine)
    assert engine.name == "scripted"
    asyncio.run(engine.aclose())


def test_an_exact_command_answers_stdout_stderr_and_exit(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: build
                match: {command: make build}
                respond: {stdout: "built\\n", stderr: "warning\\n", exitCode: 3}
            """,
        ),
        terminal=False,
    )
    assert events(engine.execute(call("make build"))) == [
        Output("stdout", "built\n"),
        Output("stderr", "warning\n"),
        Exit(3),
    ]


def test_a_miss_is_declined_when_not_terminal(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(tmp_path, "fixtures: [{name: a, match: {command: a}, respond: {}}]"),
        terminal=False,
    )
    assert engine.execute(call("b")) is None


def test_a_terminal_miss_fails_with_127_naming_the_closest_fixture_and_the_fix(
    tmp_path: Path,
) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: far
                match: {command: ls, cwd: /tmp}
                respond: {}
              - name: near
                match: {command: npm install, env: {CI: "true"}}
                respond: {}
            """,
        ),
        terminal=True,
    )
    found = events(engine.execute(call("npm install", env={"CI": "false"})))
    assert found[-1] == Exit(127)
    assert len(found) == 2 and isinstance(found[0], Output) and found[0].stream == "stderr"
    report = found[0].data
    assert "no fixture matched the command 'npm install'" in report
    assert "closest: fixture 'near'" in report
    assert f"{tmp_path / 'fixtures.yaml'}:" in report
    assert "env.CI: the fixture wants 'true', the call has 'false'" in report
    assert f"add a fixture to {tmp_path / '*.yaml'}" in report
    assert (
        "fixtures:\n"
        "  - name: npm-install\n"
        '    match: {command: "npm install"}\n'
        '    respond: {stdout: "what it prints\\n", exitCode: 0}\n'
    ) in report
    assert report.endswith("\n")


def test_create_builds_a_terminal_engine_over_the_embedded_fixtures(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "fixtures: [{name: mine, match: {command: mine}, respond: {stdout: mine}}]"
    )
    engine = create(Settings(fixtures=(tmp_path,)))
    assert engine.terminal
    assert engine.fixture_set.dirs == (embedded_fixtures_dir(), tmp_path)
    assert stdout(events(engine.execute(call("npm install")))) == "hello\n"
    assert stdout(events(engine.execute(call("mine")))) == "mine"
    assert events(engine.execute(call("unknown")))[-1] == Exit(127)


def test_the_embedded_npm_install_answers_like_the_spec_example() -> None:
    engine = ScriptedEngine(load_fixture_set([embedded_fixtures_dir()]), terminal=False)
    assert events(engine.execute(call("npm install"))) == [Output("stdout", "hello\n"), Exit(0)]
    ci = events(engine.execute(call("npm install", env={"CI": "true"})))
    assert stdout(ci) == "resolving\nadded 1 package\n" and ci[-1] == Exit(0)
