"""How the local engine runs a process: streaming, decoding, caps, timeouts, shutdown."""

from __future__ import annotations

import asyncio
import time

from local_harness import (
    SANDBOX,
    gone,
    local_engine,
    processes_with,
    request,
    requires_bwrap,
    run,
    unique_sleep,
)

from mockserver.engines.base import Event, Exit, Output
from mockserver.engines.local.trees import safe_name

pytestmark = requires_bwrap


def test_output_is_streamed_as_it_is_written() -> None:
    async def main() -> list[tuple[float, Event]]:
        async with local_engine() as engine:
            return (await run(engine, "printf first; sleep 1; printf second")).timed

    timed = asyncio.run(main())
    outputs = [(at, event) for at, event in timed if isinstance(event, Output)]
    assert [event for _, event in outputs] == [
        Output("stdout", "first"),
        Output("stdout", "second"),
    ]
    assert outputs[1][0] - outputs[0][0] >= 0.5


def test_a_character_split_across_reads_survives_and_bad_bytes_are_replaced() -> None:
    async def main() -> str:
        async with local_engine() as engine:
            return (await run(engine, r"printf '\303'; sleep 0.3; printf '\251 \377 end'")).stdout

    assert asyncio.run(main()) == "é \ufffd end"


def test_output_is_capped_per_stream_and_the_rest_drained() -> None:
    command = (
        "head -c 200000 /dev/zero | tr '\\0' o; "
        "head -c 200000 /dev/zero | tr '\\0' e >&2; echo finished > /tmp/done"
    )

    async def main() -> tuple[str, str, Exit, str]:
        async with local_engine(max_output_bytes=1000) as engine:
            result = await run(engine, command)
            done = await run(engine, "cat /tmp/done")
            return result.stdout, result.stderr, result.exit, done.stdout

    stdout, stderr, exit, done = asyncio.run(main())
    assert stdout == "o" * 1000
    lines = stderr.splitlines()
    notices = [line for line in lines if "truncated" in line]
    assert len(notices) == 2, stderr
    assert {"stdout", "stderr"} == {notice.split()[1] for notice in notices}
    assert "".join(line for line in lines if "truncated" not in line) == "e" * 1000
    assert exit == Exit(0)
    assert done == "finished\n"


def test_a_megabyte_of_output_round_trips() -> None:
    async def main() -> str:
        async with local_engine() as engine:
            return (await run(engine, "head -c 1048576 /dev/zero | tr '\\0' z")).stdout

    assert asyncio.run(main()) == "z" * 1048576


def test_timeout_kills_the_process_group_with_124() -> None:
    sleep = unique_sleep()

    async def main() -> tuple[str, Exit, float, list[int]]:
        async with local_engine() as engine:
            result = await run(engine, f"echo started; sleep {sleep} & wait", timeout=1)
            return result.stdout, result.exit, result.elapsed, await gone(f"sleep {sleep}")

    stdout, exit, elapsed, left = asyncio.run(main())
    assert stdout == "started\n"
    assert exit == Exit(124, timed_out=True)
    assert 0.9 <= elapsed < 3.0
    assert left == []


def test_timeout_holds_for_a_command_that_closed_its_output() -> None:
    sleep = unique_sleep()

    async def main() -> tuple[str, Exit, float, list[int]]:
        async with local_engine() as engine:
            result = await run(engine, f"echo bye; exec >&- 2>&-; sleep {sleep}", timeout=1)
            return result.stdout, result.exit, result.elapsed, await gone(f"sleep {sleep}")

    stdout, exit, elapsed, left = asyncio.run(main())
    assert (stdout, exit) == ("bye\n", Exit(124, timed_out=True))
    assert elapsed < 3.0
    assert left == []


def test_background_children_end_with_their_command() -> None:
    sleep = unique_sleep()

    async def main() -> tuple[float, list[int]]:
        async with local_engine() as engine:
            result = await run(engine, f"sleep {sleep} & echo left")
            return result.elapsed, await gone(f"sleep {sleep}")

    elapsed, left = asyncio.run(main())
    assert elapsed < 5
    assert left == []


def test_a_consumer_that_stops_reading_does_not_stop_the_command() -> None:
    command = "echo go; head -c 5000000 /dev/zero; echo written > /tmp/after"

    async def main() -> tuple[bool, str]:
        async with local_engine() as engine:
            execution = engine.execute(request(command))
            first = await anext(execution)
            # A loaded machine may read "go\n" together with the zeros that follow it.
            assert isinstance(first, Output) and first.stream == "stdout"
            assert first.data.startswith("go\n")
            deadline = time.monotonic() + 10
            after = engine.tree(SANDBOX.id) / safe_name("/tmp") / "after"
            while not after.exists() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            await execution.aclose()
            return after.exists(), (await run(engine, "cat /tmp/after")).stdout

    assert asyncio.run(main()) == (True, "written\n")


def test_aclose_kills_every_running_process() -> None:
    sleep = unique_sleep()

    async def main() -> tuple[list[int], list[int], list[object]]:
        async with local_engine() as engine:
            events: list[object] = []

            async def drain() -> None:
                async for event in engine.execute(request(f"sleep {sleep}", timeout=None)):
                    events.append(event)

            tasks = [asyncio.create_task(drain()) for _ in range(3)]
            deadline = time.monotonic() + 5
            while len(processes_with(f"sleep {sleep}")) < 3 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            running = processes_with(f"sleep {sleep}")
            start = time.monotonic()
            await engine.aclose()
            assert time.monotonic() - start < 5
            await asyncio.wait_for(asyncio.gather(*tasks), 5)
            return running, await gone(f"sleep {sleep}"), events

    running, left, events = asyncio.run(main())
    assert len(running) >= 3
    assert left == []
    assert len(events) == 3 and all(isinstance(e, Exit) and not e.success for e in events)
