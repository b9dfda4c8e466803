"""The scripted engine: first match wins, times, sequences, templates, faults, timelines, misses."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pytest

from mockserver.engines.base import (
    Cut,
    Engine,
    Event,
    ExecRequest,
    Execution,
    Exit,
    Failure,
    Output,
    Rejected,
)
from mockserver.engines.scripted import ScriptedEngine, create
from mockserver.fixtures import FixtureError, FixtureSet, embedded_fixtures_dir, load_fixture_set
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


def test_the_first_match_in_file_order_wins(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - {name: specific, match: {command: ls, cwd: /tmp}, respond: {stdout: specific}}
              - {name: general, match: {command_regex: "^ls"}, respond: {stdout: general}}
            """,
        ),
        terminal=False,
    )
    assert stdout(events(engine.execute(call("ls", cwd="/tmp")))) == "specific"
    assert stdout(events(engine.execute(call("ls")))) == "general"
    assert stdout(events(engine.execute(call("ls -la")))) == "general"


def test_times_answers_that_many_calls_then_falls_through(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: flaky-once
                match: {command_regex: "^curl "}
                times: 2
                respond: {stderr: "connection refused\\n", exitCode: 7}
              - {name: curl, match: {command_regex: "^curl "}, respond: {stdout: ok}}
            """,
        ),
        terminal=False,
    )
    first = events(engine.execute(call("curl http://x")))
    assert first == [Output("stderr", "connection refused\n"), Exit(7)]
    assert events(engine.execute(call("curl http://y")))[-1] == Exit(7)
    assert events(engine.execute(call("curl http://z"))) == [Output("stdout", "ok"), Exit(0)]
    assert events(engine.execute(call("curl http://z")))[-1] == Exit(0)


def test_a_used_up_fixture_with_nothing_after_it_is_a_miss_that_says_so(tmp_path: Path) -> None:
    once = "fixtures: [{name: once, match: {command: x}, times: 1, respond: {}}]"
    declining = ScriptedEngine(fixture_set(tmp_path, once), terminal=False)
    assert events(declining.execute(call("x"))) == [Exit(0)]
    assert declining.execute(call("x")) is None
    terminal = ScriptedEngine(fixture_set(tmp_path, once), terminal=True)
    events(terminal.execute(call("x")))
    report = events(terminal.execute(call("x")))[0]
    assert isinstance(report, Output)
    assert "closest: fixture 'once'" in report.data
    assert "times: the fixture wants 1, the call has 1 answered already" in report.data


def test_a_sequence_answers_in_turn_and_then_repeats_its_last_answer(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: deploy
                match: {command: deploy}
                sequence:
                  - {stderr: "not yet\\n", exitCode: 1}
                  - {stdout: "deploying\\n"}
                  - {stdout: "done\\n"}
            """,
        ),
        terminal=False,
    )
    answers = [events(engine.execute(call("deploy"))) for _ in range(5)]
    assert answers[0] == [Output("stderr", "not yet\n"), Exit(1)]
    assert answers[1] == [Output("stdout", "deploying\n"), Exit(0)]
    assert answers[2] == answers[3] == answers[4] == [Output("stdout", "done\n"), Exit(0)]


def test_a_cycling_sequence_starts_over_and_times_still_caps_it(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: toggle
                match: {command: toggle}
                cycle: true
                times: 5
                sequence: [{stdout: "on"}, {stdout: "off"}]
            """,
        ),
        terminal=False,
    )
    seen = [stdout(events(engine.execute(call("toggle")))) for _ in range(5)]
    assert seen == ["on", "off", "on", "off", "on"]
    assert engine.execute(call("toggle")) is None


def test_call_counts_belong_to_one_engine_and_reset_forgets_them(tmp_path: Path) -> None:
    loaded = fixture_set(
        tmp_path, "fixtures: [{name: once, match: {command: x}, times: 1, respond: {}}]"
    )
    first, second = ScriptedEngine(loaded, terminal=False), ScriptedEngine(loaded, terminal=False)
    assert first.execute(call("x")) is not None
    assert first.execute(call("x")) is None
    assert second.execute(call("x")) is not None
    first.reset()
    assert first.execute(call("x")) is not None


def test_replace_keeps_the_counts_of_unchanged_fixtures_only(tmp_path: Path) -> None:
    before = """
    fixtures:
      - {name: kept, match: {command: a}, times: 1, respond: {}}
      - {name: edited, match: {command: b}, times: 1, respond: {}}
    """
    after = """
    fixtures:
      - {name: new, match: {command: c}, respond: {}}
      - {name: kept, match: {command: a}, times: 1, respond: {}}
      - {name: edited, match: {command: b}, times: 1, respond: {stdout: changed}}
    """
    engine = ScriptedEngine(fixture_set(tmp_path, before), terminal=False)
    events(engine.execute(call("a")))
    events(engine.execute(call("b")))
    engine.replace(fixture_set(tmp_path, after))
    assert engine.execute(call("a")) is None
    assert stdout(events(engine.execute(call("b")))) == "changed"
    assert engine.execute(call("c")) is not None


def test_templates_render_the_request(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: echo
                match: {command_regex: "^echo (?P<word>\\\\w+) (\\\\w+)$"}
                respond:
                  template: true
                  stdout: "{{ named.word }}-{{ groups[1] }} in {{ cwd }} on {{ sandbox.id }}\\n"
                  stderr: "{{ env.HOME }} {{ call_env.get('MODE', 'none') }} {{ container }}\\n"
              - name: stdin
                match: {command: cat}
                respond:
                  template: true
                  stream:
                    - {stdout: "{{ stdin | upper }}"}
                    - {stderr: "{{ command }} {{ background }}"}
            """,
        ),
        terminal=False,
    )
    found = events(engine.execute(call("echo hello world", cwd="/srv", env={"MODE": "fast"})))
    assert found == [
        Output("stdout", "hello-world in /srv on e7847229c547d8\n"),
        Output("stderr", "/home/user fast app\n"),
        Exit(0),
    ]
    assert events(engine.execute(call("cat", stdin="abc", background=True))) == [
        Output("stdout", "ABC"),
        Output("stderr", "cat true"),
        Exit(0),
    ]


def test_a_template_failing_on_a_request_is_a_failure_naming_the_fixture(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: strict
                match: {command: x}
                respond: {template: true, stdout: "{{ env.MISSING }}"}
            """,
        ),
        terminal=False,
    )
    found = events(engine.execute(call("x")))
    assert len(found) == 1 and isinstance(found[0], Failure)
    assert "fixture 'strict'" in found[0].message and "MISSING" in found[0].message


def test_without_template_braces_are_literal(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(tmp_path, """fixtures: [{name: a, respond: {stdout: "{{ command }}"}}]"""),
        terminal=False,
    )
    assert stdout(events(engine.execute(call("x")))) == "{{ command }}"


def test_a_status_fault_is_rejected_before_any_event(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: gone
                match: {command: gone}
                sequence:
                  - {fault: {status: 404}}
                  - {fault: {status: 400, message: "Active organization missing", details: {a: 1}}}
                  - {stdout: back}
            """,
        ),
        terminal=False,
    )
    with pytest.raises(Rejected) as first:
        engine.execute(call("gone"))
    assert (first.value.status, first.value.message, first.value.details) == (
        404,
        "Sandbox not found",
        None,
    )
    with pytest.raises(Rejected) as second:
        engine.execute(call("gone"))
    assert (second.value.status, second.value.details) == (400, {"a": 1})
    assert stdout(events(engine.execute(call("gone")))) == "back"


def test_a_cut_fault_breaks_the_stream_after_n_chunks(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: cut
                match: {command: cut}
                sequence:
                  - stream: [{stdout: "1"}, {stderr: "2"}, {stdout: "3"}]
                    fault: {cut_after: 2}
                  - {stdout: "1", fault: {cut_after: 0}}
            """,
        ),
        terminal=False,
    )
    cut = events(engine.execute(call("cut")))
    assert cut == [Output("stdout", "1"), Output("stderr", "2"), Cut()]
    assert events(engine.execute(call("cut"))) == [Cut()]


def test_a_failure_fault_is_one_failure_event(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            "fixtures: [{name: f, respond: {fault: {failure: 'exec format error'}}}]",
        ),
        terminal=False,
    )
    assert events(engine.execute(call("x"))) == [Failure("exec format error")]


def timed(execution: Execution | None) -> list[tuple[float, Event]]:
    """Each event with the seconds since the first request for it."""
    assert execution is not None

    async def collect() -> list[tuple[float, Event]]:
        loop = asyncio.get_running_loop()
        start = loop.time()
        return [(loop.time() - start, event) async for event in execution]

    return asyncio.run(collect())


def test_a_timeline_is_paced_by_after_ms(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: paced
                respond:
                  exitCode: 2
                  stream:
                    - {stdout: "a", after_ms: 100}
                    - {stderr: "b"}
                    - {after_ms: 150}
                    - {stdout: "c", after_ms: 100}
            """,
        ),
        terminal=False,
    )
    found = timed(engine.execute(call("x")))
    assert [event for _, event in found] == [
        Output("stdout", "a"),
        Output("stderr", "b"),
        Output("stdout", "c"),
        Exit(2),
    ]
    times = [at for at, _ in found]
    assert times[0] >= 0.1
    assert times[1] - times[0] < 0.1  # no after_ms: at once
    assert times[2] - times[1] >= 0.25  # the pause and the chunk's own after_ms
    assert times[3] < 2.0  # loose upper bound: the whole timeline is 0.35 s


def test_a_delay_fault_holds_the_first_event(tmp_path: Path) -> None:
    slow = "fixtures: [{name: a, respond: {stdout: x, fault: {delay_ms: 200}}}]"
    engine = ScriptedEngine(fixture_set(tmp_path, slow), terminal=False)
    found = timed(engine.execute(call("x")))
    assert found[0][0] >= 0.2 and found[0][1] == Output("stdout", "x")
    assert found[-1][0] < 2.0


def test_a_timeline_longer_than_the_timeout_ends_timed_out(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - name: long
                respond:
                  stream: [{stdout: "early", after_ms: 50}, {stdout: "late", after_ms: 5000}]
            """,
        ),
        terminal=False,
    )
    found = timed(engine.execute(call("x", timeout=0.3)))
    assert [event for _, event in found] == [Output("stdout", "early"), Exit(124, timed_out=True)]
    assert 0.3 <= found[-1][0] < 2.0


def test_no_timeout_means_the_timeline_runs_out(tmp_path: Path) -> None:
    short = "fixtures: [{name: a, respond: {stream: [{stdout: x, after_ms: 5}]}}]"
    engine = ScriptedEngine(fixture_set(tmp_path, short), terminal=False)
    assert events(engine.execute(call("x", timeout=None))) == [Output("stdout", "x"), Exit(0)]


def test_among_equally_close_fixtures_the_most_similar_command_is_named(tmp_path: Path) -> None:
    engine = ScriptedEngine(
        fixture_set(
            tmp_path,
            """
            fixtures:
              - {name: make, match: {command: make}, respond: {}}
              - {name: npm-test, match: {command: npm test}, respond: {}}
              - {name: git, match: {command_regex: "^git "}, respond: {}}
            """,
        ),
        terminal=True,
    )
    report = events(engine.execute(call("npm tset")))[0]
    assert isinstance(report, Output) and "closest: fixture 'npm-test'" in report.data
    report = events(engine.execute(call("gti status")))[0]
    assert isinstance(report, Output) and "closest: fixture 'git'" in report.data
    assert "command_regex: the fixture wants a command matching /^git /" in report.data


def test_a_terminal_engine_without_fixtures_says_so(tmp_path: Path) -> None:
    engine = ScriptedEngine(fixture_set(tmp_path, "fixtures: []"), terminal=True)
    report = events(engine.execute(call("ls")))[0]
    assert isinstance(report, Output)
    assert report.data.splitlines()[:2] == [
        "mockserver: no fixture matched the command 'ls'",
        "no fixtures are loaded.",
    ]


def test_create_refuses_broken_fixture_files_naming_them(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("fixtures: [{name: a, respond: {stdot: x}}]\n")
    with pytest.raises(FixtureError) as error:
        create(Settings(fixtures=(tmp_path,)))
    assert f"{tmp_path / 'bad.yaml'}:1:32: unknown key 'stdot'" in str(error.value)


def test_create_without_the_embedded_defaults(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("fixtures: [{name: a, respond: {}}]\n")
    engine = create(Settings(fixtures=(tmp_path,), embedded_fixtures=False))
    assert engine.fixture_set.dirs == (tmp_path,)
    assert engine.fixture_set.sandboxes == ()
