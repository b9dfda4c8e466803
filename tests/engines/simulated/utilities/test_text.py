"""cat, head, tail, wc, tee, tac, rev, nl against the host's GNU tools."""

from __future__ import annotations

import pytest

from .conftest import World

TEXT = "alpha beta\n\n\ngamma\tdelta\n  epsilon\nzeta\neta\ntheta\niota\nkappa\nlambda\nmu\n"


@pytest.fixture
def w(world: World) -> World:
    world.file("t.txt", TEXT).file("short", "one\ntwo").file("empty").dir("d")
    world.file("sp ace", "x y z\n")
    return world


@pytest.mark.parametrize(
    "argv",
    [
        ["cat", "t.txt"],
        ["cat", "t.txt", "short", "t.txt"],
        ["cat", "-n", "t.txt", "short"],
        ["cat", "-b", "t.txt"],
        ["cat", "-s", "t.txt"],
        ["cat", "-A", "t.txt"],
        ["cat", "-E", "short"],
        ["cat", "-T", "t.txt"],
        ["cat", "-ns", "t.txt"],
        ["cat", "missing"],
        ["cat", "d"],
        ["cat", "t.txt", "missing", "short"],
        ["cat", "-z"],
        ["cat", "--bogus"],
        ["cat", "sp ace"],
        ["cat", "empty"],
    ],
)
def test_cat(w: World, argv: list[str]) -> None:
    w.check(*argv)


def test_cat_stdin(w: World) -> None:
    w.check("cat", stdin="from stdin\nno newline")
    w.check("cat", "short", "-", "short", stdin="middle\n")
    w.check("cat", "-n", "-", stdin="a\nb\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["head", "t.txt"],
        ["head", "-n", "3", "t.txt"],
        ["head", "-3", "t.txt"],
        ["head", "-n3", "t.txt"],
        ["head", "--lines=2", "t.txt"],
        ["head", "-n", "-4", "t.txt"],
        ["head", "-c", "7", "t.txt"],
        ["head", "-c", "-7", "t.txt"],
        ["head", "-n", "1", "t.txt", "short"],
        ["head", "-q", "-n", "1", "t.txt", "short"],
        ["head", "-v", "-n", "1", "short"],
        ["head", "-n", "1", "missing", "short"],
        ["head", "d"],
        ["head", "-n", "x", "t.txt"],
        ["head", "-n"],
        ["head", "-n", "0", "t.txt"],
        ["head", "-n", "1", "short"],
        ["head", "-c", "1K", "t.txt"],
    ],
)
def test_head(w: World, argv: list[str]) -> None:
    w.check(*argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["tail", "t.txt"],
        ["tail", "-n", "3", "t.txt"],
        ["tail", "-3", "t.txt"],
        ["tail", "-n", "+3", "t.txt"],
        ["tail", "+3", "t.txt"],
        ["tail", "-c", "5", "t.txt"],
        ["tail", "-c", "+5", "t.txt"],
        ["tail", "-n", "1", "short"],
        ["tail", "-n", "2", "t.txt", "short"],
        ["tail", "-n", "1", "missing"],
        ["tail", "-n", "0", "t.txt"],
        ["tail", "d"],
        ["tail", "-n", "bad", "t.txt"],
    ],
)
def test_tail(w: World, argv: list[str]) -> None:
    w.check(*argv)


def test_head_tail_stdin(w: World) -> None:
    w.check("tail", "-c", "3", stdin="abcdef")
    w.check("head", "-c", "3", stdin="abcdef")
    w.check("head", "-c", "3", "-", stdin="abcdef")
    w.check("head", "-n", "2", stdin=TEXT)
    w.check("tail", "-n", "2", stdin=TEXT)
    w.check("head", "-n", "1", "-", "short", stdin="in\n")
    w.check("tail", "-n", "1", "-", "short", stdin="in\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["wc", "t.txt"],
        ["wc", "-l", "t.txt"],
        ["wc", "-w", "t.txt"],
        ["wc", "-c", "t.txt"],
        ["wc", "-m", "t.txt"],
        ["wc", "-L", "t.txt"],
        ["wc", "-lw", "t.txt"],
        ["wc", "t.txt", "short"],
        ["wc", "-l", "t.txt", "short", "empty"],
        ["wc", "missing"],
        ["wc", "t.txt", "missing"],
        ["wc", "d"],
        ["wc", "-l", "d"],
        ["wc", "empty"],
        ["wc", "-z"],
    ],
)
def test_wc(w: World, argv: list[str]) -> None:
    w.check(*argv)


def test_wc_stdin(w: World) -> None:
    w.check("wc", stdin=TEXT)
    w.check("wc", "-l", stdin=TEXT)
    w.check("wc", "-c", stdin="")
    w.check("wc", "-l", "-", "short", stdin="a\n")


def test_devices(w: World) -> None:
    w.check("head", "-c", "5", "/dev/zero")
    w.check("cat", "/dev/null")
    w.check("wc", "-c", "/dev/null")
    assert (
        len(w.sim("head", "-c", "64", "/dev/urandom").out.encode("utf-8", "surrogateescape")) == 64
    )


def test_tee(w: World) -> None:
    w.check("tee", "out1", "out2", stdin="tee me\n")
    w.check("tee", "-a", "out1", stdin="more\n")
    w.check("tee", "nodir/x", "out3", stdin="x\n")
    w.same_tree()


@pytest.mark.parametrize(
    "argv",
    [
        ["tac", "t.txt"],
        ["tac", "short"],
        ["rev", "t.txt"],
        ["nl", "t.txt"],
        ["nl", "-ba", "t.txt"],
        ["nl", "-w", "3", "-s", ": ", "t.txt"],
        ["nl", "-n", "ln", "t.txt"],
        ["nl", "-n", "rz", "short"],
    ],
)
def test_tac_rev_nl(w: World, argv: list[str]) -> None:
    w.check(*argv)


def test_writing_to_the_standard_streams(fs: object) -> None:
    from mockserver.engines.simulated.vfs import VirtualFS

    from .conftest import run

    assert isinstance(fs, VirtualFS)
    result = run(fs, "tee", "/dev/stderr", "copy", stdin="both\n")
    assert (result.out, result.err) == ("both\n", "both\n")
    assert fs.read_bytes("/w/copy") == b"both\n" and fs.device("/dev/stderr") is not None
    assert run(fs, "tee", "/dev/null", stdin="x\n").out == "x\n"
    assert run(fs, "sort", "-o", "/dev/stdout", stdin="b\na\n").out == "a\nb\n"
    assert run(fs, "dd", "of=/dev/stdout", "status=none", stdin="dd\n").out == "dd\n"
    assert fs.device("/dev/stdout") is not None
