"""The simulated engine against the engine contract: streaming, timeout, stdin, env, cwd, state."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping

from mockserver.engines.base import Engine, ExecRequest, Exit, Output
from mockserver.engines.registry import EngineRegistry
from mockserver.engines.simulated import SimulatedEngine, create
from mockserver.sandboxes import Sandbox
from mockserver.settings import Settings

SANDBOX = Sandbox("sb-1", cwd="/app", env={"HOME": "/root"})


def request(
    command: str,
    *,
    stdin: str = "",
    env: Mapping[str, str] | None = None,
    cwd: str = "/app",
    timeout: float | None = 10,
    sandbox: Sandbox = SANDBOX,
) -> ExecRequest:
    merged = {**sandbox.env, **(env or {})}
    return ExecRequest(
        sandbox=sandbox,
        command=command,
        stdin=stdin,
        env=merged,
        call_env=dict(env or {}),
        cwd=cwd,
        timeout=timeout,
        container="app",
    )


async def collect(engine: SimulatedEngine, req: ExecRequest) -> tuple[list[Output], Exit]:
    stream = engine.execute(req)
    assert stream is not None
    chunks: list[Output] = []
    async for event in stream:
        if isinstance(event, Output):
            chunks.append(event)
        else:
            assert isinstance(event, Exit)
            return chunks, event
    raise AssertionError("no Exit event")


def run(command: str, settings: Settings | None = None, **options: object) -> tuple[str, str, Exit]:
    async def main() -> tuple[str, str, Exit]:
        engine = create(settings or Settings())
        try:
            chunks, exit_ = await collect(engine, request(command, **options))  # type: ignore[arg-type]
        finally:
            await engine.aclose()
        out = "".join(c.data for c in chunks if c.stream == "stdout")
        err = "".join(c.data for c in chunks if c.stream == "stderr")
        return out, err, exit_

    return asyncio.run(main())


def test_create_builds_an_engine_the_registry_accepts() -> None:
    registry = EngineRegistry()
    registry.register("simulated", create)
    engine = registry.create("simulated", Settings())
    assert isinstance(engine, Engine)
    assert engine.name == "simulated"


def test_output_exit_code_and_not_found() -> None:
    out, err, exit_ = run("echo hello; nosuch_cmd")
    assert out == "hello\n"
    assert err == "sh: 1: nosuch_cmd: not found\n"
    assert exit_ == Exit(127)


def test_echo_sleep_echo_gives_two_chunks_at_their_times() -> None:
    async def main() -> list[tuple[float, Output]]:
        engine = create(Settings())
        stream = engine.execute(request("echo one; sleep 0.4; echo two"))
        assert stream is not None
        start = time.monotonic()
        seen: list[tuple[float, Output]] = []
        async for event in stream:
            if isinstance(event, Output):
                seen.append((time.monotonic() - start, event))
        await engine.aclose()
        return seen

    seen = asyncio.run(main())
    assert [e.data for _, e in seen] == ["one\n", "two\n"]
    assert seen[1][0] - seen[0][0] >= 0.3


def test_busy_loop_times_out_without_stalling_the_event_loop() -> None:
    async def main() -> tuple[Exit, float, int]:
        engine = create(Settings())
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        start = time.monotonic()
        _, exit_ = await collect(engine, request("while :; do :; done", timeout=1))
        elapsed = time.monotonic() - start
        task.cancel()
        await engine.aclose()
        return exit_, elapsed, ticks

    exit_, elapsed, ticks = asyncio.run(main())
    assert exit_ == Exit(124, timed_out=True)
    assert 0.9 <= elapsed < 3
    assert ticks >= 10


def test_timeout_keeps_output_so_far() -> None:
    out, _, exit_ = run("echo before; sleep 5; echo after", timeout=0.3)
    assert out == "before\n"
    assert exit_ == Exit(124, timed_out=True)


def test_stdin_then_eof() -> None:
    out, _, exit_ = run("cat; echo end", stdin="given\n")
    assert out == "given\nend\n"
    assert exit_.code == 0


def test_env_is_visible_and_exported() -> None:
    out, _, _ = run('echo "$GREETING"; sh -c \'echo "$GREETING"\'', env={"GREETING": "hi"})
    assert out == "hi\nhi\n"


def test_missing_cwd_answers_as_cd_would() -> None:
    out, err, exit_ = run("echo never", cwd="/does/not/exist")
    assert out == ""
    assert err == "sh: 1: cd: can't cd to /does/not/exist\n"
    assert exit_ == Exit(2)


def test_files_persist_between_calls_but_cd_and_export_do_not() -> None:
    async def main() -> list[str]:
        engine = create(Settings())
        outputs = []
        for command in [
            "mkdir -p data; echo kept > data/f; cd data; export X=1",
            'cat data/f; pwd; echo "[$X]"',
        ]:
            chunks, _ = await collect(engine, request(command))
            outputs.append("".join(c.data for c in chunks if c.stream == "stdout"))
        await engine.aclose()
        return outputs

    assert asyncio.run(main()) == ["", "kept\n/app\n[]\n"]


def test_sandboxes_have_separate_filesystems() -> None:
    async def main() -> str:
        engine = create(Settings())
        await collect(engine, request("echo a > /tmp/shared"))
        other = Sandbox("sb-2", cwd="/app")
        chunks, _ = await collect(engine, request("cat /tmp/shared", sandbox=other))
        await engine.aclose()
        return "".join(c.data for c in chunks if c.stream == "stderr")

    assert "No such file or directory" in asyncio.run(main())


def test_syntax_error_is_dash_like() -> None:
    out, err, exit_ = run("echo ok\nif then fi")
    assert out == "ok\n"
    assert err.startswith("sh: 2: Syntax error: ")
    assert exit_ == Exit(2)


def test_output_is_capped_per_stream() -> None:
    settings = Settings(max_output_bytes=1000)
    out, _, exit_ = run("i=0; while [ $i -lt 300 ]; do echo 123456789; i=$((i+1)); done", settings)
    assert len(out) == 1000
    assert exit_.code == 0


def test_large_output_round_trips() -> None:
    script = "s=0123456789012345678901234567890123456789012345678901234567890123\n"
    script += "s=$s$s$s$s$s$s$s$s$s$s$s$s$s$s$s$s\n"  # 1 KiB
    script += "i=0; while [ $i -lt 1100 ]; do echo $s; i=$((i+1)); done"
    out, _, _ = run(script, timeout=60)
    assert len(out) == 1100 * 1025


def test_recursion_is_capped() -> None:
    _, err, exit_ = run("f() { f; }; f")
    assert "nesting level" in err
    assert exit_.code == 2


def test_background_job_runs_concurrently_and_wait_joins_it() -> None:
    out, _, _ = run("(sleep 0.2; echo late) & echo early; wait; echo done")
    assert out == "early\nlate\ndone\n"


def test_aclose_stops_what_is_still_running() -> None:
    async def main() -> tuple[list[object], float]:
        engine = create(Settings())
        events: list[object] = []

        async def consume() -> None:
            stream = engine.execute(request("echo started; sleep 30", timeout=None))
            assert stream is not None
            async for event in stream:
                events.append(event)

        consumer = asyncio.create_task(consume())
        await asyncio.sleep(0.2)
        start = time.monotonic()
        await engine.aclose()
        await asyncio.wait_for(consumer, 2)
        return events, time.monotonic() - start

    events, elapsed = asyncio.run(main())
    assert events == [Output("stdout", "started\n"), Exit(143)]
    assert elapsed < 2


def test_invalid_utf8_from_files_is_replaced_in_output() -> None:
    out, _, _ = run("printf '\\377ok\\n'")
    assert out == "\ufffdok\n"


def test_filesystem_size_is_capped() -> None:
    async def main() -> tuple[str, str, Exit]:
        engine = SimulatedEngine(Settings(), fs_max_bytes=20_000)
        script = "i=0; while [ $i -lt 5000 ]; do echo 0123456789 >> f || break; i=$((i+1)); done"
        chunks, exit_ = await collect(engine, request(script + "; echo stopped"))
        await engine.aclose()
        out = "".join(c.data for c in chunks if c.stream == "stdout")
        err = "".join(c.data for c in chunks if c.stream == "stderr")
        return out, err, exit_

    out, err, exit_ = asyncio.run(main())
    assert out == "stopped\n"
    assert err == "sh: 1: echo: echo: I/O error\n"  # dash's words for any failed builtin write
    assert exit_.code == 0


def test_a_job_with_its_output_redirected_outlives_the_call() -> None:
    async def main() -> tuple[float, str]:
        engine = create(Settings())
        start = time.monotonic()
        job = "(sleep 0.3; echo finished > /tmp/flag) > /dev/null 2>&1 & echo started"
        chunks, _ = await collect(engine, request(job, timeout=None))
        elapsed = time.monotonic() - start
        assert "".join(c.data for c in chunks) == "started\n"
        await asyncio.sleep(0.6)
        chunks, _ = await collect(engine, request("cat /tmp/flag"))
        await engine.aclose()
        return elapsed, "".join(c.data for c in chunks)

    elapsed, flag = asyncio.run(main())
    assert elapsed < 0.25
    assert flag == "finished\n"


def test_a_job_writing_to_the_output_is_waited_for() -> None:
    out, _, exit_ = run("(sleep 0.2; echo late) & echo early")
    assert out == "early\nlate\n"
    assert exit_.code == 0


def test_memory_and_process_bombs_end_with_dash_errors() -> None:
    _, err, exit_ = run('x=a; while :; do x="$x$x"; done', timeout=20)
    assert (err, exit_) == ("sh: 1: Out of space\n", Exit(2))
    _, err, exit_ = run("f() { f | f; }; f", timeout=20)
    assert "Cannot fork" in err
    assert not exit_.timed_out
