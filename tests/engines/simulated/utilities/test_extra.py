"""diff, cmp, od, xxd, hexdump, fold, expand, column, mktemp, dd, truncate, split, timeout,
cksum and shuf, against the host's tools where their output is deterministic."""

from __future__ import annotations

import asyncio
import re

import pytest

from mockserver.engines.simulated.engine import run_command
from mockserver.engines.simulated.process import BufferOutput, Deadline, Process, StringInput

from .conftest import World, run


@pytest.fixture
def w(world: World) -> World:
    world.file("a", "hello\nworld\nsame\nend\n").file("b", "hello\nWorld\nsame\nmore\nend\n")
    world.file("c", "hello\n").file("nonl", "hello").file("long", "abcdefghij " * 12 + "\n")
    world.file("tabs", "a\tb\tc\n\tlead\n        spaces\n").dir("dir")
    world.file("table", "name age city\nann 30 paris\nbartholomew 4 rome\n")
    world.file("colon", "a:b:c\nlonger:x:y\n")
    return world


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "a", "b"],
        ["diff", "b", "a"],
        ["diff", "a", "a"],
        ["diff", "-q", "a", "b"],
        ["diff", "-s", "a", "a"],
        ["diff", "c", "nonl"],
        ["diff", "nonl", "c"],
        ["diff", "a", "missing"],
        ["diff", "a"],
        ["diff"],
        ["diff", "a", "b", "c"],
        ["diff", "-i", "a", "b"],
        ["diff", "c", "a"],
        ["diff", "a", "c"],
        ["cmp", "a", "b"],
        ["cmp", "-s", "a", "b"],
        ["cmp", "a", "a"],
        ["cmp", "a", "c"],
        ["cmp", "a", "missing"],
        ["cmp"],
        ["od", "-c", "a"],
        ["od", "-c", "long"],
        ["od", "a"],
        ["od", "-An", "-tx1", "c"],
        ["od", "-t", "x1", "-A", "d", "c"],
        ["od", "-b", "c"],
        ["od", "-x", "c"],
        ["od", "-d", "c"],
        ["od", "-c", "tabs"],
        ["od", "-A", "x", "-t", "x1z", "c"],
        ["xxd", "long"],
        ["xxd", "-p", "long"],
        ["hexdump", "-C", "long"],
        ["fold", "-w", "20", "long"],
        ["fold", "-s", "-w", "20", "long"],
        ["fold", "-w", "5", "tabs"],
        ["expand", "tabs"],
        ["expand", "-t", "4", "tabs"],
        ["unexpand", "-a", "tabs"],
        ["column", "-t", "table"],
        ["column", "-t", "-s", ":", "colon"],
        ["cksum", "a"],
        ["cksum", "a", "c"],
    ],
)
def test_against_host(w: World, argv: list[str]) -> None:
    if argv[0] == "diff" and "-u" in argv:
        return
    w.check(*argv)


def test_unified_diff(w: World) -> None:
    simulated, real = w.sim("diff", "-u", "a", "b"), w.real("diff", "-u", "a", "b")
    # The header carries timestamps; the hunks must be the same.
    assert simulated.out.splitlines()[2:] == real.out.splitlines()[2:]
    assert simulated.out.startswith("--- a\t") and simulated.rc == real.rc == 1
    for args in (["-U", "1", "a", "b"], ["-u", "c", "nonl"], ["-u", "b", "a"]):
        simulated, real = w.sim("diff", *args), w.real("diff", *args)
        assert simulated.out.splitlines()[2:] == real.out.splitlines()[2:], args


def test_stdin_dumps(w: World) -> None:
    w.check("od", "-c", stdin="ab\tc\x01\n")
    w.check("od", "-c", stdin="a" * 49)
    w.check("od", "-c", stdin="")
    w.check("xxd", stdin="hello world, this is xxd\n")
    w.check("cksum", stdin="abc")


def test_split(w: World) -> None:
    w.file("s", "".join(f"{n}\n" for n in range(1, 8)))
    w.check("split", "-l", "3", "s")
    w.same_tree()
    w.check("split", "-b", "4", "s", "part_")
    w.same_tree()
    w.check("split", "-d", "-l", "5", "s", "num")
    w.same_tree()


def test_dd_and_truncate(w: World) -> None:
    w.check("dd", "if=a", "of=copy", "status=none")
    w.check("dd", "if=/dev/zero", "of=zeros", "bs=1k", "count=2", "status=none")
    w.check("dd", "if=a", "bs=1", "skip=2", "count=3", "status=none")
    w.check("dd", "if=a", "of=upper", "conv=ucase", "status=none")
    w.check("truncate", "-s", "3", "copy")
    w.check("truncate", "-s", "+2", "c")
    w.check("truncate", "-s", "10", "fresh")
    w.check("truncate", "-c", "-s", "10", "absent")
    w.same_tree()
    result = w.sim("dd", "if=a", "of=x")
    assert result.err.startswith("0+1 records in\n0+1 records out\n21 bytes copied, ")


def test_mktemp(fs: object) -> None:
    from mockserver.engines.simulated.vfs import VirtualFS

    assert isinstance(fs, VirtualFS)
    made = run(fs, "mktemp")
    assert re.fullmatch(r"/tmp/tmp\.[A-Za-z0-9]{10}\n", made.out)
    st = fs.stat(made.out.strip())
    assert st is not None and st.kind == "file" and st.mode == 0o600
    directory = run(fs, "mktemp", "-d").out.strip()
    assert fs.is_dir(directory)
    local = run(fs, "mktemp", "build.XXXX").out.strip()
    assert re.fullmatch(r"build\.[A-Za-z0-9]{4}", local) and fs.is_file(f"/w/{local}")
    assert run(fs, "mktemp", "-p", "/w", "xXXXXX").out.startswith("/w/x")
    bad = run(fs, "mktemp", "noxs")
    assert (bad.rc, bad.err) == (1, "mktemp: too few X's in template ‘noxs’\n")
    dry = run(fs, "mktemp", "-u").out.strip()
    assert not fs.exists(dry)


def test_timeout_against_host(world: World) -> None:
    world.check("timeout", "5", "echo", "hi")
    world.check("timeout", "1", "sh", "-c", "exit 3")
    world.check("timeout", "x", "true")
    world.check("timeout", "1", "nope")
    world.check("timeout")
    world.check("timeout", "0.2", "sleep", "5")
    world.check("timeout", "0.2", "sh", "-c", "echo before; sleep 5; echo after")


def test_timeout_leaves_the_outer_deadline_alone(fs: object) -> None:
    from mockserver.engines.simulated.process import Timeout
    from mockserver.engines.simulated.utilities import UTILITIES
    from mockserver.engines.simulated.vfs import VirtualFS

    assert isinstance(fs, VirtualFS)

    async def scenario() -> None:
        proc = Process(
            argv=["timeout", "10", "sleep", "5"],
            env={},
            cwd="/w",
            fs=fs,
            stdin=StringInput(""),
            stdout=BufferOutput(),
            stderr=BufferOutput(),
            deadline=Deadline.after(0.2),
            runner=run_command,
        )
        await UTILITIES["timeout"](proc)

    with pytest.raises(Timeout):
        asyncio.run(scenario())


def test_shuf_permutes(fs: object) -> None:
    from mockserver.engines.simulated.vfs import VirtualFS

    assert isinstance(fs, VirtualFS)
    out = run(fs, "shuf", "-i", "1-20").out.split()
    assert sorted(out, key=int) == [str(n) for n in range(1, 21)]
    assert len(run(fs, "shuf", "-n", "3", "-e", "a", "b", "c", "d").out.split()) == 3
    assert sorted(run(fs, "shuf", stdin="x\ny\nz\n").out.split()) == ["x", "y", "z"]


@pytest.mark.parametrize(
    "argv",
    [
        ["tty"],
        ["unlink", "nope"],
        ["unlink", "c"],
        ["unlink"],
        ["link", "c", "hard"],
        ["link", "nope", "x"],
        ["nice", "-n", "5", "echo", "hi"],
        ["nice"],
        ["stdbuf", "-oL", "echo", "hi"],
        ["factor", "12", "97", "1", "360"],
        ["factor", "x"],
        ["sha224sum", "a"],
        ["sha384sum", "a"],
        ["b2sum", "a"],
        ["sync"],
    ],
)
def test_small_utilities(w: World, argv: list[str]) -> None:
    w.check(*argv)
    w.same_tree()
