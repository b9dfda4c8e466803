"""The process seam: streams, pipes and the deadline, in memory."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mockserver.engines.simulated.process import (
    BrokenPipe,
    BufferOutput,
    Deadline,
    Pipe,
    Process,
    StringInput,
    Timeout,
    decode,
    encode,
)


async def _upper(process: Process) -> int:
    async for line in process.stdin.lines():
        await process.checkpoint()
        await process.stdout.write(line.upper())
    await process.error("done")
    return 3


def test_a_utility_reads_stdin_and_writes_both_streams() -> None:
    fs: Any = object()
    out, err = BufferOutput(), BufferOutput()
    process = Process(["up"], {}, "/", fs, StringInput("a\nb"), out, err)
    assert asyncio.run(_upper(process)) == 3
    assert out.getvalue() == "A\nB"
    assert err.getvalue() == "up: done\n"


def test_string_input_reads_in_pieces() -> None:
    async def main() -> list[str]:
        stream = StringInput("one\ntwo\nthree")
        return [
            await stream.read(2),
            await stream.readline(),
            await stream.read_all(),
            await stream.read(),
        ]

    assert asyncio.run(main()) == ["on", "e\n", "two\nthree", ""]


def test_pipe_is_bounded_and_ends_at_eof() -> None:
    async def main() -> str:
        pipe = Pipe(capacity=4)

        async def produce() -> None:
            for word in ["ab", "cd", "ef", "gh\n"]:
                await pipe.writer.write(word)
            await pipe.writer.close()

        task = asyncio.create_task(produce())
        text = await pipe.reader.read_all()
        await task
        return text

    assert asyncio.run(main()) == "abcdefgh\n"


def test_writing_to_a_pipe_without_reader_is_a_broken_pipe() -> None:
    async def main() -> None:
        pipe = Pipe(capacity=4)
        await pipe.reader.close()
        await pipe.writer.write("x")

    with pytest.raises(BrokenPipe):
        asyncio.run(main())


def test_checkpoints_yield_and_stop_at_the_deadline() -> None:
    async def main() -> int:
        deadline = Deadline.after(0.05)
        steps = 0
        with pytest.raises(Timeout):
            while True:
                steps += 1
                await deadline.checkpoint()
        return steps

    assert asyncio.run(main()) > 0


def test_sleep_past_the_deadline_times_out() -> None:
    async def main() -> None:
        await Deadline.after(0.01).sleep(10)

    with pytest.raises(Timeout):
        asyncio.run(main())


def test_bytes_survive_decoding() -> None:
    assert encode(decode(b"\xff\xfeok\xc3\xa9")) == b"\xff\xfeok\xc3\xa9"
