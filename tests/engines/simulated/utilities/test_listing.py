"""ls against the host's GNU ls, the long format included (with the same mtimes both sides)."""

from __future__ import annotations

import time

import pytest

from .conftest import World


@pytest.fixture
def w(world: World) -> World:
    world.file("b.txt", "bee\n").file("a.txt", "a" * 5000).file("C", "").file(".hidden", "h")
    world.file("run.sh", "#!/bin/sh\n", mode=0o755).file("sub/inner", "in\n")
    world.file("sub/deeper/leaf", "l\n").file("sub/.dot", "").dir("emptydir")
    world.link("a.txt", "link").link("sub", "dirlink").link("nowhere", "broken")
    world.file("sp ace", "")
    return world.set_times(time.time() - 3600)


CASES = [
    ["ls"],
    ["ls", "-1"],
    ["ls", "-a"],
    ["ls", "-A"],
    ["ls", "-r"],
    ["ls", "-S"],
    ["ls", "-R"],
    ["ls", "-R", "sub"],
    ["ls", "-d", "sub"],
    ["ls", "-d", "*"],
    ["ls", "sub"],
    ["ls", "sub", "emptydir"],
    ["ls", "a.txt", "sub", "b.txt"],
    ["ls", "missing"],
    ["ls", "missing", "a.txt"],
    ["ls", "missing", "sub"],
    ["ls", "-z"],
    ["ls", "--bogus"],
    ["ls", "-F"],
    ["ls", "-p"],
    ["ls", "dirlink"],
    ["ls", "-d", "dirlink"],
    ["ls", "-l"],
    ["ls", "-la", "sub"],
    ["ls", "-l", "sub"],
    ["ls", "-l", "a.txt", "link", "b.txt"],
    ["ls", "-l", "dirlink"],
    ["ls", "-l", "dirlink/"],
    ["ls", "-ld", "sub", "emptydir"],
    ["ls", "-lh"],
    ["ls", "-lS"],
    ["ls", "-lr"],
    ["ls", "-lR"],
    ["ls", "-lF"],
    ["ls", "-n"],
    ["ls", "-g"],
    ["ls", "-o"],
    ["ls", "-1a", "sub"],
    ["ls", "-s"],
    ["ls", "sub/"],
    ["ls", "."],
    ["ls", "./sub"],
    ["ls", "-R", "."],
    ["ls", "-X"],
    ["ls", "--group-directories-first"],
]


@pytest.mark.parametrize("argv", CASES, ids=" ".join)
def test_ls(w: World, argv: list[str]) -> None:
    if argv[-1] == "*":
        argv = [*argv[:-1], *sorted(p.name for p in w.host.iterdir() if not p.name.startswith("."))]
    w.check(*argv)


def test_ls_old_file_shows_year(w: World) -> None:
    w.set_times(time.mktime((2020, 3, 4, 5, 6, 7, 0, 0, 0)))
    result = w.check("ls", "-l", "b.txt")
    assert " 2020 b.txt" in result.out


def test_ls_time_sort(w: World) -> None:
    w.set_times(1_600_000_000)
    for i, name in enumerate(["C", "a.txt", "b.txt"]):
        w.fs.set_mtime(f"/w/{name}", 1_700_000_000 + i)
        import os

        os.utime(w.host / name, (1_700_000_000 + i, 1_700_000_000 + i))
    w.check("ls", "-t")
    w.check("ls", "-tr")


GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]


@pytest.mark.parametrize(
    "argv",
    [
        ["ls", "-C"],
        ["ls", "-x"],
        ["ls", "-m"],
        ["ls", "-C", "-w", "40"],
        ["ls", "-x", "-w", "30"],
        ["ls", "-m", "-w", "20"],
        ["ls", "-CF"],
        ["ls", "-l", "-C"],
        ["ls", "-C", "-1"],
        ["ls", "-Cs"],
        ["ls", "-C", "-w", "5"],
    ],
)
def test_ls_columns(world: World, argv: list[str]) -> None:
    for name in GREEK:
        world.file(name, name)
    world.dir("sub")
    world.set_times(time.time() - 3600)
    world.check(*argv)


def test_ls_columns_few_names(world: World) -> None:
    world.file("a").file("b")
    world.check("ls", "-C")
    world.check("ls", "-m")
