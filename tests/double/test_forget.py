"""Engines forget a sandbox's state on request (a test's reset), and only that sandbox's."""

from __future__ import annotations

import asyncio

from mockserver.engines.base import Exit
from mockserver.engines.simulated import create
from mockserver.sandboxes import Sandbox
from mockserver.settings import Settings
from tests.engines.local.local_harness import SANDBOX, local_engine, request, requires_bwrap, run

OTHER = Sandbox("other-box", env=SANDBOX.env, cwd="/app")


async def _stdout(engine: object, command: str, sandbox: Sandbox = SANDBOX) -> tuple[str, int]:
    execute = engine.execute  # type: ignore[attr-defined]
    out, code = "", -1
    async for event in execute(request(command, sandbox=sandbox)):
        if isinstance(event, Exit):
            code = event.code
        else:
            out += getattr(event, "data", "")
    return out, code


def test_the_simulated_engine_forgets_one_sandbox_or_all() -> None:
    async def main() -> list[tuple[str, int]]:
        engine = create(Settings())
        await _stdout(engine, "echo a > f")
        await _stdout(engine, "echo b > f", OTHER)
        engine.forget(SANDBOX.id)
        seen = [await _stdout(engine, "cat f"), await _stdout(engine, "cat f", OTHER)]
        engine.forget()
        seen.append(await _stdout(engine, "cat f", OTHER))
        seen.append(await _stdout(engine, "pwd"))  # the cwd is made again
        await engine.aclose()
        return seen

    missing, kept, gone, pwd = asyncio.run(main())
    assert missing[1] == 1 and kept == ("b\n", 0) and gone[1] == 1 and pwd == ("/app\n", 0)


@requires_bwrap
def test_the_local_engine_forgets_one_sandbox_or_all() -> None:
    async def main() -> list[int]:
        async with local_engine() as engine:
            await run(engine, "echo a > /app/f; echo t > /tmp/t")
            await run(engine, "echo b > /app/f", sandbox=OTHER)
            engine.forget(SANDBOX.id)
            codes = [
                (await run(engine, "cat /app/f")).exit.code,
                (await run(engine, "cat /tmp/t")).exit.code,
                (await run(engine, "cat /app/f", sandbox=OTHER)).exit.code,
            ]
            engine.forget()
            codes.append((await run(engine, "cat /app/f", sandbox=OTHER)).exit.code)
            return codes

    assert asyncio.run(main()) == [1, 1, 0, 1]
