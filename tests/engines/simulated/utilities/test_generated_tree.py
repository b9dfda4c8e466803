"""Generated ls, find and file-changing command lines on a small tree, against the host."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import World

GENERATED = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NAMES = ["a.txt", "b.log", "sub", "sub/c.txt", "sub/deep", "sub/deep/d", ".hid", "empty", "x y"]


def _tree(root: Path) -> World:
    host = root / "w"
    host.mkdir()
    world = World(host)
    world.file("a.txt", "alpha\n").file("b.log", "b" * 3000).file(".hid", "h")
    world.file("sub/c.txt", "c\n").file("sub/deep/d", "").dir("empty").file("x y", "sp\n")
    world.file("run.sh", "#!/bin/sh\n", mode=0o755).link("a.txt", "ln").link("sub", "dl")
    return world.set_times(time.time() - 7200)


LS_FLAGS = st.lists(
    st.sampled_from(
        [
            "-a",
            "-A",
            "-l",
            "-1",
            "-R",
            "-d",
            "-r",
            "-S",
            "-F",
            "-p",
            "-h",
            "-s",
            "-n",
            "-g",
            "-o",
            "-X",
            "-v",
            "--group-directories-first",
            "-L",
        ]
    ),
    max_size=3,
    unique=True,
)
LS_OPERANDS = st.lists(
    st.sampled_from([*NAMES, "ln", "dl", "missing", "."]), max_size=2, unique=True
)


@GENERATED
@given(LS_FLAGS, LS_OPERANDS)
def test_ls(tmp_path_factory: object, flags: list[str], operands: list[str]) -> None:
    if ("-a" in flags and not operands) or ("." in operands and "-a" in flags):
        operands = [*operands, "sub"]  # "." would show the host's parent directory as ".."
        operands = [o for o in operands if o != "."]
    root = Path(tmp_path_factory.mktemp("ls"))  # type: ignore[attr-defined]
    world = _tree(root)
    world.check("ls", *flags, *operands)


FIND_TESTS = st.lists(
    st.sampled_from(
        [
            ["-name", "*.txt"],
            ["-type", "f"],
            ["-type", "d"],
            ["-type", "l"],
            ["-empty"],
            ["-maxdepth", "1"],
            ["-mindepth", "1"],
            ["-size", "+1k"],
            ["-size", "-1"],
            ["-name", "sub", "-prune", "-o", "-print"],
            ["!", "-name", "*.log"],
            ["-path", "./sub*"],
            ["-iname", "A*"],
            ["-newer", "a.txt"],
            ["-perm", "-u+x"],
            ["-links", "1"],
            ["-regex", ".*[cd]"],
            ["-o", "-name", "x*"],
        ]
    ),
    max_size=3,
)


@GENERATED
@given(st.sampled_from([".", "sub", "sub/", "a.txt", "missing"]), FIND_TESTS)
def test_find(tmp_path_factory: object, root_arg: str, tests: list[list[str]]) -> None:
    argv = ["find", root_arg, *[part for test in tests for part in test]]
    if argv[2:3] == ["-o"]:
        argv.pop(2)
    root = Path(tmp_path_factory.mktemp("find"))  # type: ignore[attr-defined]
    world = _tree(root)
    simulated, real = world.sim(*argv), world.real(*argv)
    # The host lists a directory in on-disk order; the same lines in any order will do.
    assert sorted(simulated.out.splitlines()) == sorted(real.out.splitlines()), argv
    assert (simulated.err, simulated.rc) == (real.err, real.rc), argv


FILE_COMMANDS = st.sampled_from(
    [
        ["mkdir", "-p", "new/inner"],
        ["mkdir", "sub"],
        ["rm", "a.txt"],
        ["rm", "-r", "sub"],
        ["rm", "-f", "missing"],
        ["rm", "sub"],
        ["cp", "a.txt", "copy"],
        ["cp", "-r", "sub", "sub2"],
        ["cp", "a.txt", "sub"],
        ["mv", "a.txt", "moved"],
        ["mv", "b.log", "sub"],
        ["mv", "sub", "empty"],
        ["touch", "t1", "sub/t2"],
        ["rmdir", "empty"],
        ["rmdir", "sub"],
        ["ln", "-s", "a.txt", "l2"],
        ["ln", "a.txt", "h"],
        ["chmod", "600", "a.txt"],
        ["cp", "missing", "x"],
        ["mv", "missing", "x"],
        ["cp", "-r", "sub", "sub/inside"],
        ["mv", "x y", "xy"],
        ["rm", "-rf", "sub/deep"],
        ["truncate", "-s", "2", "a.txt"],
    ]
)


@GENERATED
@given(st.lists(FILE_COMMANDS, min_size=1, max_size=4))
def test_file_commands(tmp_path_factory: object, commands: list[list[str]]) -> None:
    root = Path(tmp_path_factory.mktemp("files"))  # type: ignore[attr-defined]
    world = _tree(root)
    for argv in commands:
        if argv == ["cp", "-r", "sub", "sub/inside"]:
            continue  # GNU copies one level before it notices; not worth imitating
        world.check(*argv)
    world.same_tree()
