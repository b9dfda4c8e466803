"""seq, yes, path names, digests, file information and system information."""

from __future__ import annotations

import asyncio
import re

import pytest

from mockserver.engines.simulated.process import (
    BrokenPipe,
    BufferOutput,
    Deadline,
    Pipe,
    Process,
    StringInput,
    Timeout,
)
from mockserver.engines.simulated.utilities import UTILITIES
from mockserver.engines.simulated.vfs import VirtualFS

from .conftest import World, run


@pytest.mark.parametrize(
    "argv",
    [
        ["seq", "5"],
        ["seq", "3", "7"],
        ["seq", "1", "2", "10"],
        ["seq", "10", "-3", "1"],
        ["seq", "-5", "-1"],
        ["seq", "-w", "8", "11"],
        ["seq", "-s", ",", "3"],
        ["seq", "-s", "", "3"],
        ["seq", "1", "0.5", "3"],
        ["seq", "0.1", "0.1", "0.5"],
        ["seq", "-f", "%03g", "3"],
        ["seq", "-f", "n=%.2f", "1", "3"],
        ["seq", "1", "0"],
        ["seq", "0"],
        ["seq"],
        ["seq", "a"],
        ["seq", "1", "0", "3"],
        ["seq", "1", "2", "3", "4"],
        ["seq", "1e2", "1e2"],
        ["seq", "-w", "-3", "3"],
        ["basename", "/usr/lib/x.so"],
        ["basename", "/usr/lib/x.so", ".so"],
        ["basename", "x.so", "x.so"],
        ["basename", "/"],
        ["basename", "a//"],
        ["basename", ""],
        ["basename", "-a", "a/b", "c/d"],
        ["basename", "-s", ".c", "a.c", "b.c"],
        ["basename"],
        ["basename", "a", "b", "c"],
        ["dirname", "/usr/lib/x.so"],
        ["dirname", "x"],
        ["dirname", "/"],
        ["dirname", "a/b/"],
        ["dirname", "//a"],
        ["dirname", "a", "/b/c"],
        ["dirname"],
        ["uname"],
        ["uname", "-s"],
        ["uname", "-m"],
        ["uname", "-z"],
        ["whoami"],
        ["id", "-u"],
        ["id", "-un"],
        ["id"],
        ["nproc", "--bogus"] if False else ["arch"],
    ],
)
def test_against_host(world: World, argv: list[str]) -> None:
    world.check(*argv)


@pytest.fixture
def w(world: World) -> World:
    world.file("f", "hello\n").file("g", "").file("d/x", "x").link("f", "lf").link("d", "ld")
    world.link("nowhere", "broken")
    return world


@pytest.mark.parametrize(
    "argv",
    [
        ["md5sum", "f", "g"],
        ["sha1sum", "f"],
        ["sha256sum", "f", "missing"],
        ["sha512sum", "f"],
        ["md5sum", "--tag", "f"],
        ["base64", "f"],
        ["base64", "-w", "4", "f"],
        ["base64", "missing"],
        ["realpath", "f"],
        ["realpath", "lf"],
        ["realpath", "ld/x"],
        ["realpath", "new"],
        ["realpath", "missing/new"],
        ["realpath", "-e", "new"],
        ["realpath", "-m", "missing/new"],
        ["realpath", "-s", "lf"],
        ["realpath", "--relative-to=d", "f"],
        ["readlink", "lf"],
        ["readlink", "f"],
        ["readlink", "broken"],
        ["readlink", "-f", "ld/x"],
        ["readlink", "-f", "broken"],
        ["readlink", "-e", "broken"],
        ["readlink", "-m", "a/b/c"],
        ["stat", "-c", "%n %s %a %A %F %U %G %h", "f", "d", "g", "lf"],
        ["stat", "-L", "-c", "%n %F", "lf"],
        ["stat", "missing"],
        ["stat", "--printf", "%s\\n", "f"],
        ["du", "-s", "d"],
        ["du", "-sh", "f"],
        ["du", "-a", "d"],
        ["du", "missing"],
    ],
)
def test_files_against_host(w: World, argv: list[str]) -> None:
    w.check(*argv)


def test_digest_check(w: World) -> None:
    listing = w.sim("md5sum", "f", "g").out
    w.file("sums", listing)
    w.check("md5sum", "-c", "sums")
    w.file("f", "changed\n")
    w.check("md5sum", "-c", "sums")
    w.check("md5sum", "--status", "-c", "sums")


@pytest.mark.parametrize("stdin", ["hello", "", "a" * 100, "line\nline2\n", "é ü ☃"])
def test_base64_round_trip(w: World, stdin: str) -> None:
    encoded = w.check("base64", stdin=stdin).out
    w.check("base64", "-d", stdin=encoded)
    w.check("base64", "-w", "0", stdin=stdin)


def test_base64_invalid(w: World) -> None:
    w.check("base64", "-d", stdin="!!!!\n")
    w.check("base64", "-d", stdin="aGVsbG8=\n")


def test_stat_default_layout(w: World) -> None:
    out = w.sim("stat", "f").out.splitlines()
    assert out[0] == "  File: f"
    assert re.match(r"  Size: 6\s+\tBlocks: 8\s+ IO Block: 4096   regular file", out[1])
    assert out[3].startswith("Access: (0644/-rw-r--r--)  Uid: (    0/    root)")


def test_du_counts_blocks(w: World) -> None:
    w.dir("tree/a").file("tree/a/f", "x" * 5000).file("tree/g", "y")
    simulated = w.sim("du", "tree").out.splitlines()
    real = w.real("du", "tree").out.splitlines()
    assert sorted(simulated) == sorted(real)


def test_date_formats(fs: VirtualFS) -> None:
    env = {"TZ": "UTC"}
    assert run(fs, "date", "-d", "@0", "+%Y-%m-%d %H:%M:%S", env=env).out == "1970-01-01 00:00:00\n"
    assert run(fs, "date", "-u", "-d", "@86400").out == "Fri Jan  2 00:00:00 UTC 1970\n"
    assert run(fs, "date", "-d", "2024-02-29", "+%j %a", env=env).out == "060 Thu\n"
    assert (
        run(fs, "date", "-d", "2024-01-31 10:00", "+%-m/%-d %H:%M", env=env).out == "1/31 10:00\n"
    )
    assert run(fs, "date", "-u", "-d", "@1700000000", "-I").out == "2023-11-14\n"
    assert (
        run(fs, "date", "-u", "-d", "@1700000000", "-R").out == "Tue, 14 Nov 2023 22:13:20 +0000\n"
    )
    assert re.fullmatch(r"\d{10}\n", run(fs, "date", "+%s").out)
    bad = run(fs, "date", "-d", "not a date")
    assert (bad.rc, bad.err) == (1, "date: invalid date ‘not a date’\n")
    ago = run(fs, "date", "-d", "@1000000", "+%s").out
    assert ago == "1000000\n"


def test_date_matches_host_for_fixed_times(world: World) -> None:
    for argv in (
        ["date", "-u", "-d", "@1700000000"],
        ["date", "-u", "-d", "@1700000000", "+%A %B %e %y %I %p %Z %z"],
        ["date", "-u", "-d", "2024-03-01 12:34:56", "+%F %T %s"],
        ["date", "-u", "-d", "@1700000000", "--iso-8601=seconds"],
    ):
        world.check(*argv)


def test_system_information(fs: VirtualFS) -> None:
    assert run(fs, "hostname").out == "sandbox\n"
    assert run(fs, "uname", "-n").out == "sandbox\n"
    assert run(fs, "uname", "-a").out.startswith("Linux sandbox ")
    assert run(fs, "whoami").out == "root\n"
    assert run(fs, "id").out == "uid=0(root) gid=0(root) groups=0(root)\n"
    assert run(fs, "printenv", "HOME").out == "/root\n"
    assert run(fs, "printenv", "NOPE").rc == 1
    df = run(fs, "df", "-h").out.splitlines()
    assert df[0].startswith("Filesystem") and df[1].endswith(" /")


def test_which(fs: VirtualFS) -> None:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin"}
    assert run(fs, "which", "ls", "sh", env=env).out == "/usr/bin/ls\n/usr/bin/sh\n"
    assert run(fs, "which", "-a", "ls", env=env).out == "/usr/bin/ls\n/bin/ls\n"
    missing = run(fs, "which", "nope", env=env)
    assert (missing.out, missing.rc) == ("", 1)
    fs.write_bytes("/usr/local/bin/tool", b"#!/bin/sh\necho hi\n")
    fs.chmod("/usr/local/bin/tool", 0o755)
    assert run(fs, "which", "tool", env=env).out == "/usr/local/bin/tool\n"


def test_file_kinds(fs: VirtualFS) -> None:
    fs.write_bytes("/w/script", b"#!/bin/sh\necho hi\n")
    fs.write_bytes("/w/text", b"plain\n")
    fs.write_bytes("/w/empty", b"")
    fs.symlink("text", "/w/link")
    out = run(fs, "file", "script", "text", "empty", "link", "/w").out
    assert out == (
        "script: POSIX shell script, ASCII text executable\n"
        "text:   ASCII text\n"
        "empty:  empty\n"
        "link:   symbolic link to text\n"
        "/w:     directory\n"
    )


def _process(fs: VirtualFS, argv: list[str], stdin: object, stdout: object) -> Process:
    return Process(
        argv=argv,
        env={},
        cwd="/w",
        fs=fs,
        stdin=stdin,  # type: ignore[arg-type]
        stdout=stdout,  # type: ignore[arg-type]
        stderr=BufferOutput(),
    )


def test_yes_stops_when_its_reader_goes(fs: VirtualFS) -> None:
    async def scenario() -> tuple[str, type[BaseException] | None]:
        pipe = Pipe()
        out = BufferOutput()
        producer = _process(fs, ["yes", "hi"], StringInput(""), pipe.writer)
        consumer = _process(fs, ["head", "-n", "3"], pipe.reader, out)

        async def run_yes() -> type[BaseException] | None:
            try:
                await UTILITIES["yes"](producer)
            except BrokenPipe:
                return BrokenPipe
            return None

        task = asyncio.create_task(run_yes())
        assert await UTILITIES["head"](consumer) == 0
        await pipe.reader.close()
        return out.getvalue(), await asyncio.wait_for(task, 5)

    output, raised = asyncio.run(scenario())
    assert output == "hi\nhi\nhi\n"
    assert raised is BrokenPipe


def test_yes_honours_the_deadline(fs: VirtualFS) -> None:
    async def scenario() -> None:
        proc = _process(fs, ["yes"], StringInput(""), BufferOutput())
        proc.deadline = Deadline.after(0.2)
        await UTILITIES["yes"](proc)

    with pytest.raises(Timeout):
        asyncio.run(scenario())


def test_every_utility_answers_help_and_version(fs: VirtualFS) -> None:
    for name in UTILITIES:
        skipped = ("hostname", "whoami", "groups", "nproc", "arch", "printenv", "which", "file")
        # awk follows mawk, which answers -W version rather than --version.
        if name in skipped or name.endswith("awk") or name in ("xxd", "hexdump", "column"):
            continue
        result = run(fs, name, "--version")
        assert result.rc == 0 and result.out, name


def test_a_full_filesystem_is_reported_not_raised() -> None:
    from mockserver.engines.simulated.process import FileOutput

    fs = VirtualFS(max_bytes=VirtualFS().used_bytes + 100_000)
    fs.mkdir("/w")
    err = BufferOutput()

    async def scenario() -> int:
        proc = _process(fs, ["yes"], StringInput(""), FileOutput(fs, "/w/out"))
        proc.stderr = err
        proc.deadline = Deadline.after(10)
        return await UTILITIES["yes"](proc)

    assert asyncio.run(scenario()) == 1
    assert err.getvalue() == "yes: standard output: No space left on device\n"
