"""sed against the host's GNU sed."""

from __future__ import annotations

import pytest

from .conftest import World

TEXT = "one two\nthree four\nfive six\nseven\n\neight nine ten\nlast line\n"


@pytest.fixture
def w(world: World) -> World:
    world.file("t", TEXT).file("u", "alpha\nbeta\n").file("nonl", "a\nb")
    return world


SCRIPTS = [
    "s/o/0/",
    "s/o/0/g",
    "s/o/0/2",
    "s/o/0/2g",
    "s/e/E/gi",
    "s/\\(\\w*\\) \\(\\w*\\)/\\2 \\1/",
    "s/[aeiou]//g",
    "s/.*/[&]/",
    "s/^/> /",
    "s/$/;/",
    "s|/|_|g",
    "s/x*/-/g",
    "s/o/\\n/",
    "s/\\(.\\)\\(.\\)/\\U\\1\\E\\2/",
    "s/\\w\\+/\\u&/g",
    "2d",
    "2,4d",
    "$d",
    "/^$/d",
    "/three/,/seven/d",
    "3,$d",
    "1~2d",
    "2,+1d",
    "0,/e/d",
    "2!d",
    "/e/!d",
    "3q",
    "3Q",
    "q5",
    "=",
    "$=",
    "y/abc/xyz/",
    "2i\\\ninserted",
    "2a appended",
    "$a\\\nthe end",
    "3c\\\nchanged",
    "2,3c\\\nrange changed",
    "1h;1!H;$!d;x",
    "$!N;s/\\n/ /",
    "N;P;D",
    "n;d",
    "/five/{s/five/5/;p}",
    ":a;s/o//;ta",
    "/seven/b;s/e/E/",
    "s/one/1/;T;s/two/2/",
    "G",
    "l",
    "2{h;d};4G",
    "s/o/0/w out",
    "/^t/s/h/H/",
    "\\%five%d",
    "/E/Id",
    "s/a\\|e/_/g",
    "s/[[:space:]]/_/g",
    "s/\\<./X/g",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_script(w: World, script: str) -> None:
    w.check("sed", script, "t")
    w.same_tree()


@pytest.mark.parametrize("script", ["s/o/0/p", "2p", "/e/p", "$p", "1~3p", "/five/,$p", "2{p;p}"])
def test_quiet(w: World, script: str) -> None:
    w.check("sed", "-n", script, "t")


@pytest.mark.parametrize(
    "argv",
    [
        ["sed", "-E", "s/(o+)|(e+)/<\\1\\2>/g", "t"],
        ["sed", "-r", "s/[0-9]+/N/", "t"],
        ["sed", "-e", "s/o/0/", "-e", "s/e/3/", "t"],
        ["sed", "s/a/b/", "t", "u"],
        ["sed", "-n", "$p", "t", "u"],
        ["sed", "-s", "-n", "$p", "t", "u"],
        ["sed", "s/a/x/", "nonl"],
        ["sed", "$a\\\nmore", "nonl"],
        ["sed", "p", "missing"],
        ["sed", "p", "missing", "u"],
        ["sed", "s/a/b", "t"],
        ["sed", "s/a/b/x", "t"],
        ["sed", "k", "t"],
        ["sed", "/x/", "t"],
        ["sed", "y/ab/c/", "t"],
        ["sed", "3,", "t"],
        ["sed", "b nolabel", "t"],
        ["sed", "}", "t"],
        ["sed", "{p", "t"],
        ["sed", "a", "t"],
        ["sed"],
        ["sed", "--bogus"],
    ],
)
def test_invocations(w: World, argv: list[str]) -> None:
    w.check(*argv)


def test_in_place(w: World) -> None:
    w.check("sed", "-i", "s/o/0/g", "t", "u")
    w.same_tree()
    w.check("sed", "-i.bak", "1d", "u")
    w.same_tree()
    w.check("sed", "-i", "-e", "$a\\", "-e", "appended", "nonl")
    w.same_tree()
    w.check("sed", "-i", "s/a/b/", "missing")


def test_stdin(w: World) -> None:
    w.check("sed", "s/a/A/g", stdin="banana\napple")
    w.check("sed", "-n", "2p", stdin="1\n2\n3\n")
    w.check("sed", "s/x/y/", "-", "u", stdin="x\n")
