"""What a command inside the local engine's sandbox cannot do: write the root, reach the network."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from local_harness import local_engine, requires_bwrap, run

from mockserver.engines.local.bubblewrap import command_line
from mockserver.engines.local.trees import Layout

pytestmark = requires_bwrap


@pytest.mark.parametrize("path", ["/etc/mockserver-probe", "/mockserver-probe", "/usr/probe"])
def test_writes_outside_the_tree_fail(path: str) -> None:
    async def main() -> tuple[int, str]:
        async with local_engine() as engine:
            result = await run(engine, f"echo x > {path}")
            return result.exit.code, result.stderr

    code, stderr = asyncio.run(main())
    assert code != 0
    assert "Read-only file system" in stderr
    assert not Path(path).exists()


def test_the_writable_places_are_the_tree() -> None:
    async def main() -> tuple[int, list[str]]:
        async with local_engine() as engine:
            result = await run(engine, "echo 1 > /app/a; echo 2 > /home/user/b; echo 3 > /tmp/c")
            written = sorted(p.read_text() for p in engine.root.rglob("*") if p.is_file())
            return result.exit.code, written

    assert asyncio.run(main()) == (0, ["1\n", "2\n", "3\n"])


def test_tmp_is_sticky_and_world_writable_as_usual() -> None:
    async def main() -> str:
        async with local_engine() as engine:
            return (await run(engine, "stat -c %a /tmp")).stdout

    assert asyncio.run(main()) == "1777\n"


def test_capabilities_are_dropped_so_the_root_cannot_be_remounted() -> None:
    async def main() -> tuple[str, int]:
        async with local_engine() as engine:
            caps = await run(engine, "grep CapEff /proc/self/status")
            remount = await run(engine, "mount -o remount,rw / 2>&1")
            return caps.stdout, remount.exit.code

    caps, remount_code = asyncio.run(main())
    assert caps.split() == ["CapEff:", "0000000000000000"]
    assert remount_code != 0


def test_the_host_is_not_reachable_over_the_network() -> None:
    python = shutil.which("python3", path="/usr/bin:/bin")
    if python is None:
        pytest.skip("no system python3 to open a socket from inside the sandbox")
    connected: list[bool] = []

    def accept(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connected.append(True)
        writer.close()

    async def main() -> tuple[int, str]:
        server = await asyncio.start_server(accept, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        probe = (
            f"import socket; s = socket.create_connection(('127.0.0.1', {port}), timeout=2); "
            "print('connected')"
        )
        async with server, local_engine() as engine:
            result = await run(engine, f'{python} -c "{probe}"')
            return result.exit.code, result.stdout + result.stderr

    code, output = asyncio.run(main())
    assert code != 0, output
    assert "connected" not in output.splitlines()
    assert "Connection refused" in output
    assert connected == []


def test_the_command_line_keeps_the_servers_environment_out() -> None:
    argv = command_line("/usr/bin/bwrap", Layout((), ()), {"A": "1"}, "/app", "true")
    assert "--clearenv" in argv
    assert argv.index("--clearenv") < argv.index("--setenv")
    assert argv[argv.index("--setenv") : argv.index("--setenv") + 3] == ["--setenv", "A", "1"]
    assert "--unshare-all" in argv and argv[argv.index("--cap-drop") + 1] == "ALL"
