"""The local engine behaves as a real shell: exit codes, streams, env, cwd, stdin, persistence."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from local_harness import SANDBOX, local_engine, request, requires_bwrap, run

from mockserver.engines.base import Event, Exit, Failure
from mockserver.sandboxes import Sandbox

pytestmark = requires_bwrap


@pytest.mark.parametrize(
    ("command", "code"),
    [("true", 0), ("exit 3", 3), ("false", 1), ("no-such-command", 127), ("kill -9 $$", 137)],
)
def test_exit_codes_are_the_shells(command: str, code: int) -> None:
    async def main() -> Exit:
        async with local_engine() as engine:
            return (await run(engine, command)).exit

    assert asyncio.run(main()) == Exit(code)


def test_stdout_and_stderr_stay_apart() -> None:
    async def main() -> tuple[str, str]:
        async with local_engine() as engine:
            result = await run(engine, "echo out; echo err >&2; printf 'no newline'")
            return result.stdout, result.stderr

    assert asyncio.run(main()) == ("out\nno newline", "err\n")


def test_files_persist_between_calls_but_shell_state_does_not() -> None:
    async def main() -> str:
        async with local_engine() as engine:
            first = await run(engine, "echo a >f; echo b >~/g; echo c >/tmp/h; cd /tmp; export X=1")
            assert first.exit == Exit(0), first.stderr
            return (await run(engine, 'cat f ~/g /tmp/h; pwd; echo "X=${X-unset}"')).stdout

    assert asyncio.run(main()) == "a\nb\nc\n/app\nX=unset\n"


def test_sandboxes_do_not_share_files() -> None:
    other = Sandbox("other-box", env=SANDBOX.env, cwd="/app")

    async def main() -> tuple[int, int]:
        async with local_engine() as engine:
            await run(engine, "echo mine > /app/f; echo mine > /tmp/f")
            seen = await run(engine, "cat /app/f || cat /tmp/f", sandbox=other)
            return seen.exit.code, len(seen.stdout)

    code, length = asyncio.run(main())
    assert code != 0 and length == 0


def test_a_default_cwd_inside_another_writable_place_exists() -> None:
    nested = Sandbox("nested-box", env={"HOME": "/tmp/home"}, cwd="/tmp/work")

    async def main() -> tuple[str, Exit]:
        async with local_engine() as engine:
            result = await run(engine, "pwd; test -d ~ && echo home", sandbox=nested)
            return result.stdout, result.exit

    assert asyncio.run(main()) == ("/tmp/work\nhome\n", Exit(0))


def test_a_default_cwd_the_sandbox_replaced_by_a_file_only_breaks_itself() -> None:
    nested = Sandbox("nested-box", env={"HOME": "/tmp/home"}, cwd="/tmp/work")

    async def main() -> tuple[Exit, Exit, str]:
        async with local_engine() as engine:
            await run(engine, "cd /; rmdir /tmp/work; echo > /tmp/work", sandbox=nested)
            broken = await run(engine, "pwd", sandbox=nested)
            elsewhere = await run(engine, "pwd", sandbox=nested, cwd="/tmp/home")
            return broken.exit, elsewhere.exit, elsewhere.stdout

    broken, elsewhere, stdout = asyncio.run(main())
    assert broken.code == 126
    assert (elsewhere, stdout) == (Exit(0), "/tmp/home\n")


def test_environment_is_exactly_the_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKSERVER_HOST_ONLY", "leak")

    async def main() -> set[str]:
        async with local_engine() as engine:
            result = await run(engine, "env", env={"GREETING": "hello world", "EMPTY": ""})
            return set(result.stdout.splitlines())

    seen = asyncio.run(main())
    seen.discard("PWD=/app")  # the shell sets it
    assert seen == {
        "HOME=/home/user",
        "PATH=/usr/local/bin:/usr/bin:/bin",
        "GREETING=hello world",
        "EMPTY=",
    }


def test_env_of_one_call_does_not_reach_the_next() -> None:
    async def main() -> str:
        async with local_engine() as engine:
            await run(engine, "true", env={"ONCE": "1"})
            return (await run(engine, 'echo "${ONCE-unset}"')).stdout

    assert asyncio.run(main()) == "unset\n"


def test_cwd_of_the_call_and_a_cwd_that_does_not_exist() -> None:
    async def main() -> tuple[str, Exit, str]:
        async with local_engine() as engine:
            here = await run(engine, "pwd", cwd="/tmp")
            missing = await run(engine, "pwd", cwd="/no/such/dir")
            return here.stdout, missing.exit, missing.stdout + missing.stderr

    here, exit, output = asyncio.run(main())
    assert here == "/tmp\n"
    assert exit.code != 0
    assert "/no/such/dir" in output and "no such directory" in output
    assert "Traceback" not in output


def test_stdin_is_written_whole_then_closed() -> None:
    big = "x" * (1024 * 1024) + "\n"

    async def main() -> tuple[str, str, int, str]:
        async with local_engine() as engine:
            echoed = await run(engine, "cat", stdin="héllo\nworld")
            empty = await run(engine, "cat; echo eof")
            unread = await run(engine, "true", stdin=big)
            round_trip = await run(engine, "cat", stdin=big)
            return echoed.stdout, empty.stdout, unread.exit.code, round_trip.stdout

    echoed, empty, unread_code, round_trip = asyncio.run(main())
    assert echoed == "héllo\nworld"
    assert empty == "eof\n"
    assert unread_code == 0
    assert round_trip == big


def test_background_calls_run_while_other_calls_go_on() -> None:
    async def main() -> tuple[int, str]:
        async with local_engine() as engine:
            execution = engine.execute(request("sleep 0.5; echo late > /tmp/bg", background=True))
            drained = asyncio.create_task(_drain(execution))
            before = await run(engine, "cat /tmp/bg")
            await drained
            after = await run(engine, "cat /tmp/bg")
            return before.exit.code, after.stdout

    before_code, after = asyncio.run(main())
    assert before_code != 0
    assert after == "late\n"


async def _drain(execution: AsyncIterator[Event]) -> None:
    async for _ in execution:
        pass


def test_a_command_that_cannot_be_started_is_a_failure() -> None:
    async def main() -> list[Event]:
        async with local_engine() as engine:
            return (await run(engine, "echo \0")).events

    events = asyncio.run(main())
    assert len(events) == 1 and isinstance(events[0], Failure)


def test_a_closed_engine_runs_nothing() -> None:
    async def main() -> list[Event]:
        async with local_engine() as engine:
            pass
        return (await run(engine, "echo never")).events

    events = asyncio.run(main())
    assert len(events) == 1 and isinstance(events[0], Failure)


def test_trees_live_under_data_dir_and_outlive_the_engine(tmp_path: Path) -> None:
    async def main() -> str:
        async with local_engine(data_dir=tmp_path) as engine:
            await run(engine, "echo kept > /app/kept")
        async with local_engine(data_dir=tmp_path) as engine:
            return (await run(engine, "cat /app/kept")).stdout

    assert asyncio.run(main()) == "kept\n"
    assert [p.read_text() for p in tmp_path.rglob("kept")] == ["kept\n"]


def test_a_temporary_root_is_removed_on_close() -> None:
    async def main() -> Path:
        async with local_engine() as engine:
            await run(engine, "echo x > /app/x")
            assert any(engine.root.rglob("x"))
            return engine.root

    assert not asyncio.run(main()).exists()
