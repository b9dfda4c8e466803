"""grep, find and xargs against the host's GNU tools."""

from __future__ import annotations

import pytest

from .conftest import World

LOG = (
    "INFO start\n"
    "DEBUG loading config\n"
    "ERROR failed to open file\n"
    "info retry\n"
    "WARN slow\n"
    "ERROR timeout after 30s\n"
    "done\n"
    "error: lowercase\n"
    "foo(bar) [x] a.b a+b a|b\n"
    "word words sword\n"
)


@pytest.fixture
def w(world: World) -> World:
    world.file("log", LOG).file("other", "nothing here\nERROR again\n").file("empty")
    world.file("src/a.py", "import os\nprint('hi')\n").file("src/b.txt", "hi there\n")
    world.file("src/sub/c.py", "def hi():\n    pass\n").dir("src/emptydir")
    return world


@pytest.mark.parametrize(
    "argv",
    [
        ["grep", "ERROR", "log"],
        ["grep", "-i", "error", "log"],
        ["grep", "-v", "ERROR", "log"],
        ["grep", "-c", "ERROR", "log"],
        ["grep", "-n", "ERROR", "log"],
        ["grep", "-l", "ERROR", "log", "other", "empty"],
        ["grep", "-L", "ERROR", "log", "other", "empty"],
        ["grep", "-q", "ERROR", "log"],
        ["grep", "-q", "NOPE", "log"],
        ["grep", "NOPE", "log"],
        ["grep", "-E", "ERROR|WARN", "log"],
        ["grep", "ERROR\\|WARN", "log"],
        ["grep", "-F", "a.b", "log"],
        ["grep", "a.b", "log"],
        ["grep", "-o", "[0-9][0-9]*s", "log"],
        ["grep", "-o", "-E", "[a-z]+", "other"],
        ["grep", "-w", "word", "log"],
        ["grep", "-x", "done", "log"],
        ["grep", "-e", "INFO", "-e", "WARN", "log"],
        ["grep", "ERROR", "log", "other"],
        ["grep", "-h", "ERROR", "log", "other"],
        ["grep", "-H", "ERROR", "log"],
        ["grep", "-c", "ERROR", "log", "other", "empty"],
        ["grep", "-n", "-A", "1", "ERROR", "log"],
        ["grep", "-B", "1", "ERROR", "log"],
        ["grep", "-C", "1", "WARN", "log"],
        ["grep", "-m", "1", "ERROR", "log"],
        ["grep", "-m1", "-c", "ERROR", "log"],
        ["grep", "ERROR", "missing"],
        ["grep", "-s", "ERROR", "missing", "log"],
        ["grep", "ERROR", "src"],
        ["grep", "-r", "hi", "src"],
        ["grep", "-rl", "hi", "src"],
        ["grep", "-r", "--include=*.py", "hi", "src"],
        ["grep", "-rn", "--exclude=*.py", "hi", "src"],
        ["grep", "-rc", "hi", "src"],
        ["grep", "-r", "hi", "src/a.py", "log"],
        ["grep", "-E", "a+b", "log"],
        ["grep", "a+b", "log"],
        ["grep", "a\\+b", "log"],
        ["grep", "-E", "foo\\(bar\\)", "log"],
        ["grep", "foo(bar)", "log"],
        ["grep", "\\[x\\]", "log"],
        ["grep", "-E", "^(INFO|WARN) ", "log"],
        ["grep", "^[A-Z]* ", "log"],
        ["grep", "-E", "[[:digit:]]{2}", "log"],
        ["grep", "[[:upper:]]\\{5\\}", "log"],
        ["grep", "\\<sword\\>", "log"],
        ["grep", "-E", "(", "log"],
        ["grep", "\\(", "log"],
        ["grep", "[", "log"],
        ["grep", "[a", "log"],
        ["grep", "[[:foo:]]", "log"],
        ["grep", "a\\{1", "log"],
        ["grep", "a\\{2,1\\}", "log"],
        ["grep", "a\\)", "log"],
        ["grep", "*a", "log"],
        ["grep", "a**", "log"],
        ["grep", "-E", "a)", "log"],
        ["grep", "-E", "a{1", "log"],
        ["grep", "-z"],
        ["grep"],
        ["grep", "-b", "ERROR", "log"],
        ["grep", "-ov", "ERROR", "log"],
        ["grep", "-in", "Info", "log"],
        ["grep", "", "other"],
        ["grep", "-e", "", "-c", "log"],
        ["grep", "-A", "x", "a", "log"],
        ["grep", "-P", "\\d+s", "log"],
        ["grep", "-oP", "(?<=ERROR )\\w+", "log"],
        ["grep", "-P", "^\\S+\\s\\w+$", "log"],
    ],
)
def test_grep(w: World, argv: list[str]) -> None:
    if len(argv) > 1 and argv[1].startswith("-r"):
        # The host walks directories in on-disk order: compare the same lines in any order.
        simulated, real = w.sim(*argv), w.real(*argv)
        assert sorted(simulated.out.splitlines()) == sorted(real.out.splitlines())
        assert (simulated.err, simulated.rc) == (real.err, real.rc)
        return
    w.check(*argv)


def test_grep_stdin(w: World) -> None:
    w.check("grep", "b", stdin="a\nb\nc\nab\n")
    w.check("grep", "-c", "x", stdin="")
    w.check("grep", "-H", "b", stdin="b\n")
    w.check("grep", "b", "-", "log", stdin="b\n")
    w.check("grep", "-n", "a", stdin="a\nb\na")


def test_grep_recursive_default_dir(w: World) -> None:
    # No file operand with -r searches "." and names files without "./".
    result = w.sim("grep", "-r", "hi")
    real = w.real("grep", "-r", "hi")
    assert sorted(result.out.splitlines()) == sorted(real.out.splitlines())
    assert result.rc == real.rc == 0


def _sorted_lines(text: str) -> list[str]:
    return sorted(text.splitlines())


@pytest.mark.parametrize(
    "argv",
    [
        ["find"],
        ["find", "."],
        ["find", "src"],
        ["find", "src/"],
        ["find", ".", "-name", "*.py"],
        ["find", ".", "-iname", "*.PY"],
        ["find", ".", "-type", "f"],
        ["find", ".", "-type", "d"],
        ["find", "src", "-maxdepth", "1"],
        ["find", "src", "-mindepth", "2"],
        ["find", ".", "-name", "*.py", "-o", "-name", "*.txt"],
        ["find", ".", "(", "-name", "a*", "-o", "-name", "b*", ")", "-type", "f"],
        ["find", ".", "!", "-name", "*.py", "-type", "f"],
        ["find", ".", "-not", "-type", "d"],
        ["find", ".", "-path", "./src/*"],
        ["find", ".", "-empty"],
        ["find", ".", "-size", "+0"],
        ["find", ".", "-size", "-1k"],
        ["find", ".", "-type", "f", "-printf", "%f %s %d %y %P\\n"],
        ["find", "src", "-name", "sub", "-prune", "-o", "-print"],
        ["find", ".", "-type", "f", "-print0"],
        ["find", "missing"],
        ["find", "missing", "src"],
        ["find", ".", "-bogus"],
        ["find", ".", "-name"],
        ["find", ".", "-type", "z"],
        ["find", ".", "-maxdepth", "0"],
        ["find", "log", "other"],
        ["find", ".", "-regex", ".*/[ab]\\..*"],
        ["find", ".", "-name", "*.py", "-exec", "cat", "{}", ";"],
        ["find", ".", "-name", "*.py", "-exec", "wc", "-l", "{}", "+"],
        ["find", ".", "-type", "f", "-name", "log", "-quit"],
        ["find", "src", "-depth"],
        ["find", ".", "-perm", "644", "-type", "f"],
        ["find", "src", "-name", "*.py", "-exec", "sh", "-c", "echo found: $1", "sh", "{}", ";"],
        ["find", ".", "-name", "log", "-exec", "nope", "{}", ";"],
    ],
)
def test_find(w: World, argv: list[str]) -> None:
    # The host lists directories in on-disk order; compare the same lines in any order.
    simulated, real = w.sim(*argv), w.real(*argv)
    if "-print0" in argv:
        assert sorted(simulated.out.split("\0")) == sorted(real.out.split("\0"))
    else:
        assert _sorted_lines(simulated.out) == _sorted_lines(real.out)
    assert (simulated.err, simulated.rc) == (real.err, real.rc)


def test_find_lists_a_directory_before_its_contents(w: World) -> None:
    lines = w.sim("find", "src").out.splitlines()
    assert lines[0] == "src" and lines.index("src/sub") < lines.index("src/sub/c.py")


def test_find_depth_lists_children_first(w: World) -> None:
    lines = w.sim("find", "src", "-depth").out.splitlines()
    assert lines[-1] == "src" and lines.index("src/sub/c.py") < lines.index("src/sub")


def test_find_delete(w: World) -> None:
    w.check("find", ".", "-name", "*.py", "-delete")
    w.same_tree()
    w.check("find", "src", "-delete")
    w.same_tree()


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (["xargs"], "a b\nc\n"),
        (["xargs", "echo", "x"], "a b\nc\n"),
        (["xargs", "-n", "1", "echo", "x"], "a b\nc\n"),
        (["xargs", "-n", "2"], "1 2 3 4 5\n"),
        (["xargs", "-I{}", "echo", "[{}]"], "a\nb c\n"),
        (["xargs", "-I", "%", "echo", "%-%"], "one\ntwo\n"),
        (["xargs", "echo", "hi"], ""),
        (["xargs", "-r", "echo", "hi"], ""),
        (["xargs", "-n1"], "'a b' c \"d e\"\n"),
        (["xargs"], "a'b\n"),
        (["xargs", "-0", "-n1"], "a\0b c\0"),
        (["xargs", "-d", ",", "-n1"], "a,b,c"),
        (["xargs", "-L", "1", "echo"], "a b\nc d\n"),
        (["xargs", "cat"], "log other\n"),
        (["xargs", "wc", "-l"], "log\nother\n"),
        (["xargs", "false"], "a\n"),
        (["xargs", "nope"], "a\n"),
        (["xargs", "-n", "0"], "a\n"),
        (["xargs", "-t", "echo"], "a\n"),
        (["xargs", "rm"], "log\n"),
        (["xargs", "-n1", "sh", "-c", 'echo "[$0]"'], "a b\n"),
        (["xargs", "-I{}", "sh", "-c", "printf '%s\\n' {} >> collected"], "x\ny\n"),
        (["xargs", "printf", "<%s>\\n"], "1 2 3\n"),
        (["xargs", "/bin/echo"], "a\n"),
    ],
)
def test_xargs(w: World, argv: list[str], stdin: str) -> None:
    w.check(*argv, stdin=stdin)
    w.same_tree()
