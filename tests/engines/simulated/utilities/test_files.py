"""mkdir, rmdir, touch, rm, chmod, cp, mv, ln: output, status and the tree left behind."""

from __future__ import annotations

import pytest

from .conftest import World


@pytest.fixture
def w(world: World) -> World:
    world.file("f", "hi\n").file("g", "gee\n").file("d/e/x", "x\n").file("d/y", "y\n")
    world.dir("empty")
    return world


SCRIPTS: list[list[list[str]]] = [
    [["mkdir", "a"], ["mkdir", "a"], ["mkdir", "-p", "a/b/c"], ["mkdir", "-p", "a"]],
    [["mkdir", "f"], ["mkdir", "-p", "f/x"], ["mkdir", "-p", "f"], ["mkdir", "n/o"]],
    [["mkdir", "-v", "a", "b"], ["mkdir", "-pv", "p/q/r"], ["mkdir"], ["mkdir", "-z"]],
    [["mkdir", "-m", "700", "m"], ["mkdir", "x", "f", "y"]],
    [["rmdir", "empty"], ["rmdir", "d"], ["rmdir", "f"], ["rmdir", "nope"], ["rmdir"]],
    [["mkdir", "-p", "r/s/t"], ["rmdir", "-p", "r/s/t"], ["rmdir", "-v", "empty"]],
    [["rmdir", "--ignore-fail-on-non-empty", "d"]],
    [
        ["touch", "new"],
        ["touch", "f", "n2"],
        ["touch", "nodir/x"],
        ["touch"],
        ["touch", "-c", "zz"],
    ],
    [["rm", "f"], ["rm", "f"], ["rm", "-f", "f"], ["rm", "d"], ["rm"], ["rm", "-f"]],
    [["rm", "-r", "d"], ["rm", "-rf", "nope", "g"], ["rm", "-d", "empty"], ["rm", "-d", "d"]],
    [["rm", "-v", "f"], ["rm", "-rv", "d"], ["rm", "-r", "."], ["rm", "-rf", ".."]],
    [["rm", "f/x"], ["rm", "-r", "empty/"], ["rm", "-z"]],
    [["chmod", "755", "f"], ["chmod", "x", "f"], ["chmod", "644", "nope"], ["chmod"]],
    [["chmod", "644"], ["chmod", "-R", "700", "d"], ["chmod", "u+x,g-r", "g"]],
    [["chmod", "-v", "600", "f"], ["chmod", "-c", "600", "f"], ["chmod", "-c", "640", "f"]],
    [["cp", "f", "f2"], ["cp", "f", "d"], ["cp", "f", "f"], ["cp", "nope", "x"], ["cp", "d", "z"]],
    [["cp", "-r", "d", "d2"], ["cp", "-r", "d", "d2"], ["cp", "-r", "d", "f"], ["cp"], ["cp", "f"]],
    [["cp", "f", "g", "nope"], ["cp", "f", "g", "f"], ["cp", "f", "g", "empty"]],
    [["cp", "-v", "f", "z"], ["cp", "-rv", "d", "dd"], ["cp", "f", "nodir/"], ["cp", "f", "q/x"]],
    [["cp", "-t", "empty", "f", "g"], ["cp", "-r", "d", "."], ["cp", "-a", "d", "d3"]],
    [["mv", "f", "f2"], ["mv", "f", "x"], ["mv", "g", "d"], ["mv", "d", "empty"], ["mv"]],
    [["mv", "d", "d/e"], ["mv", "d", "."], ["mv", "d", "f"], ["mv", "f", "nodir/x"], ["mv", "f"]],
    [["mv", "-v", "f", "z"], ["mv", "g", "z", "empty"], ["mv", "f", "g", "nope"]],
    [["mkdir", "-p", "t/d"], ["mv", "d", "t"], ["mv", "f", "t/d"]],
    [["mv", "-t", "empty", "f", "g"], ["mv", "-n", "f", "g"], ["mv", "-f", "f", "g"]],
    [["ln", "-s", "f", "l"], ["ln", "-s", "f", "l"], ["ln", "-sf", "g", "l"], ["ln", "-s", "f"]],
    [["ln", "-s", "x", "d"], ["ln", "-sv", "f", "l2"], ["ln", "f", "hard"], ["ln", "f", "hard"]],
    [["ln", "nope", "h"], ["ln", "d", "h"], ["ln"], ["ln", "-s", "dangling", "dl"]],
]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: " ; ".join(" ".join(c) for c in s))
def test_script(w: World, script: list[list[str]]) -> None:
    for argv in script:
        w.check(*argv)
    w.same_tree()


def test_hard_link_shares_content(w: World) -> None:
    w.check("ln", "f", "hard")
    assert w.fs.stat("/w/hard") is not None and w.fs.stat("/w/f") == w.fs.stat("/w/hard")
    st = w.fs.stat("/w/f")
    assert st is not None and st.nlink == 2
    w.check("rm", "f")
    st = w.fs.stat("/w/hard")
    assert st is not None and st.nlink == 1
    w.same_tree()


def test_modes_follow_chmod(w: World) -> None:
    for mode in ("755", "u=rw,go=", "a+x", "o-r", "g+w", "u-x,g=r", "+x", "=r", "-x", "0600"):
        w.check("chmod", mode, "f")
        st = w.fs.stat("/w/f")
        assert st is not None and st.mode == (w.host / "f").stat().st_mode & 0o7777, mode


def test_touch_times(w: World) -> None:
    for argv in (
        ["touch", "-t", "202001021230", "stamped"],
        ["touch", "-t", "2001021230.45", "short"],
        ["touch", "-d", "2020-01-01", "dated"],
        ["touch", "-d", "2021-06-15 08:30:00", "f"],
        ["touch", "-d", "garbage", "x"],
        ["touch", "-t", "bad", "x"],
        ["touch", "-r", "f", "g"],
    ):
        w.check(*argv)
    for name in ("stamped", "short", "dated", "f", "g"):
        assert w.fs.stat(f"/w/{name}").mtime == (w.host / name).stat().st_mtime, name  # type: ignore[union-attr]


def test_a_trailing_slash_wants_a_directory(w: World) -> None:
    for argv in (
        ["ls", "f/"],
        ["cat", "f/"],
        ["head", "f/"],
        ["tail", "f/"],
        ["wc", "f/"],
        ["ls", "d/"],
    ):
        w.check(*argv)


def test_diff_and_od_on_missing_files(w: World) -> None:
    for argv in (["diff", "nope1", "nope2"], ["od", "nope"], ["od", "nope", "f"]):
        w.check(*argv)
