"""sort, uniq, cut, paste, comm and tr against the host's GNU tools."""

from __future__ import annotations

import pytest

from .conftest import World

ROWS = (
    "banana 3 x:1:b\n"
    "apple 10 y:2:a\n"
    "Cherry 2 z:10:c\n"
    "apple 10 y:2:a\n"
    "date -1 w:3:d\n"
    "  elder 2.5 v:3:e\n"
    "fig 1e3 u:20:f\n"
    "\n"
    "grape 2K t:4:g\n"
    "apple 9 s:5:h\n"
)


@pytest.fixture
def w(world: World) -> World:
    world.file("rows", ROWS).file("a", "a\nb\nd\ne\n").file("b", "b\nc\nd\nf\n")
    world.file("dups", "x\nx\ny\nX\nx\nz\nz\nz\n").file("csv", "id,name,age\n1,ann,30\n2,bob\n3\n")
    world.file("unsorted", "b\na\nc\n")
    return world


@pytest.mark.parametrize(
    "argv",
    [
        ["sort", "rows"],
        ["sort", "-r", "rows"],
        ["sort", "-n", "-k", "2", "rows"],
        ["sort", "-k2n", "rows"],
        ["sort", "-k2,2n", "-k1,1r", "rows"],
        ["sort", "-u", "rows"],
        ["sort", "-f", "rows"],
        ["sort", "-t", ":", "-k2", "-n", "rows"],
        ["sort", "-t:", "-k3", "rows"],
        ["sort", "-b", "-k1", "rows"],
        ["sort", "-h", "-k2", "rows"],
        ["sort", "-g", "-k2", "rows"],
        ["sort", "-s", "-k1,1", "rows"],
        ["sort", "-k1.2", "rows"],
        ["sort", "-uk1,1", "rows"],
        ["sort", "-V", "rows"],
        ["sort", "-c", "rows"],
        ["sort", "-c", "a"],
        ["sort", "a", "b"],
        ["sort", "missing"],
        ["sort", "-k", "0", "rows"],
        ["sort", "-t", "ab", "rows"],
        ["sort", "-nr", "-k2", "rows"],
        ["sort", "-o", "out", "unsorted"],
    ],
)
def test_sort(w: World, argv: list[str]) -> None:
    w.check(*argv)
    w.same_tree()


def test_sort_stdin(w: World) -> None:
    w.check("sort", stdin="b\na\nc")
    w.check("sort", "-n", stdin="10\n9\n-3\n\nx\n1.5\n")
    w.check("sort", "-u", stdin="")


@pytest.mark.parametrize(
    "argv",
    [
        ["uniq", "dups"],
        ["uniq", "-c", "dups"],
        ["uniq", "-d", "dups"],
        ["uniq", "-u", "dups"],
        ["uniq", "-i", "dups"],
        ["uniq", "-ci", "dups"],
        ["uniq", "-D", "dups"],
        ["uniq", "-f", "1", "rows"],
        ["uniq", "-s", "1", "dups"],
        ["uniq", "-w", "1", "rows"],
        ["uniq", "missing"],
        ["uniq", "-f", "x", "dups"],
        ["uniq", "dups", "uout"],
        ["uniq", "a", "b", "c"],
    ],
)
def test_uniq(w: World, argv: list[str]) -> None:
    w.check(*argv)
    w.same_tree()


@pytest.mark.parametrize(
    "argv",
    [
        ["cut", "-d", ",", "-f", "2", "csv"],
        ["cut", "-d,", "-f1,3", "csv"],
        ["cut", "-d,", "-f2-", "csv"],
        ["cut", "-d,", "-f-2", "csv"],
        ["cut", "-d,", "-s", "-f2", "csv"],
        ["cut", "-d,", "--complement", "-f2", "csv"],
        ["cut", "-d,", "-f1,2", "--output-delimiter=|", "csv"],
        ["cut", "-c", "1-3", "rows"],
        ["cut", "-c2,4-", "rows"],
        ["cut", "-b", "1", "rows"],
        ["cut", "-f", "1", "rows"],
        ["cut", "-d", " ", "-f", "2", "rows"],
        ["cut", "rows"],
        ["cut", "-f", "0", "rows"],
        ["cut", "-f", "a", "rows"],
        ["cut", "-f", "3-1", "rows"],
        ["cut", "-c1", "-d:", "rows"],
        ["cut", "-f1", "-c1", "rows"],
        ["cut", "-d", "ab", "-f1", "rows"],
        ["cut", "-f1", "missing"],
    ],
)
def test_cut(w: World, argv: list[str]) -> None:
    w.check(*argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["paste", "a", "b"],
        ["paste", "-d", ",", "a", "b"],
        ["paste", "-s", "a"],
        ["paste", "-s", "-d", ",", "a", "b"],
        ["paste", "-d", ",:", "a", "b", "a"],
        ["paste", "a", "csv"],
        ["comm", "a", "b"],
        ["comm", "-12", "a", "b"],
        ["comm", "-3", "a", "b"],
        ["comm", "-23", "a", "b"],
        ["comm", "a"],
        ["comm"],
    ],
)
def test_paste_comm(w: World, argv: list[str]) -> None:
    w.check(*argv)


def test_paste_stdin(w: World) -> None:
    w.check("paste", "-", "-", stdin="1\n2\n3\n4\n5\n")
    w.check("paste", "-s", "-d+", stdin="1\n2\n3\n")


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (["tr", "a-z", "A-Z"], "Hello World\n"),
        (["tr", "[:lower:]", "[:upper:]"], "Hello World\n"),
        (["tr", "[:upper:]", "[:lower:]"], "Hello World\n"),
        (["tr", "-d", "lo"], "Hello World\n"),
        (["tr", "-d", "[:digit:]"], "a1b22c333\n"),
        (["tr", "-s", " "], "a   b    c\n"),
        (["tr", "-s", "a-z"], "aabbccdd  ee\n"),
        (["tr", "-cd", "a-z\\n"], "Hello, World 123!\n"),
        (["tr", "-c", "a-z", "_"], "ab-cd ef\n"),
        (["tr", "abc", "x"], "aabbcc\n"),
        (["tr", "-t", "abc", "xy"], "aabbcc\n"),
        (["tr", "\\n", " "], "a\nb\nc\n"),
        (["tr", "-ds", "a", "b"], "aabbbcc\n"),
        (["tr", "a-c", "[x*]"], "abcd\n"),
        (["tr", "[:space:]", "\\t"], "a b\tc\n"),
        (["tr", "'\"", "xy"], 'it\'s "q"\n'),
        (["tr", "\\101-\\103", "x"], "ABCD\n"),
        (["tr"], ""),
        (["tr", "a"], ""),
        (["tr", "-d", "a", "b"], ""),
        (["tr", "a", "b", "c"], ""),
        (["tr", "z-a", "x"], ""),
        (["tr", "[:nope:]", "x"], ""),
    ],
)
def test_tr(w: World, argv: list[str], stdin: str) -> None:
    w.check(*argv, stdin=stdin)
