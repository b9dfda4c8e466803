"""Generated command lines for the text filters, each run here and by the host's GNU tool.

Hypothesis draws options, lists, patterns and scripts from small grammars of what everyday
use looks like; every example must give the same stdout and exit status as the real binary.
"""

from __future__ import annotations

import subprocess
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver.engines.simulated.vfs import VirtualFS

from .conftest import HOST_ENV, SIM_ROOT, run

INPUTS = st.sampled_from(
    [
        "b 2\na 10\nB 1\na 10\n\nc -3\n",
        "x,y,z\n1,2\n,,\nlong line here\n",
        "  lead\ttab\nUPPER lower\n123 456\n",
        "one\ntwo\nthree\nfour\nfive\nsix\n",
        "aaa\naaa\nbbb\nAAA\nccc\nccc\nccc\n",
        "no newline",
        "",
    ]
)


def _flags(*choices: str, most: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(choices), max_size=most, unique=True)


SORT = _flags(
    "-n",
    "-r",
    "-u",
    "-f",
    "-b",
    "-s",
    "-h",
    "-g",
    "-V",
    "-d",
    "-k1",
    "-k2",
    "-k2n",
    "-k1,1",
    "-k2,2nr",
    "-k1.2",
    "-t,",
    "-k3",
    "-k2b",
    "-rn",
    "-nu",
    "-fu",
)
UNIQ = _flags("-c", "-d", "-u", "-i", "-f1", "-s1", "-w2", most=2)
WC = _flags("-l", "-w", "-c", "-m", "-L", most=2)


@st.composite
def cut_args(draw: st.DrawFn) -> list[str]:
    mode = draw(st.sampled_from(["-f", "-c", "-b"]))
    spec = draw(st.sampled_from(["1", "2", "1,3", "2-", "-2", "1-2,4", "3-5", "1,1", "2,1"]))
    extra: list[str] = []
    if mode == "-f":
        extra = draw(_flags("-d,", "-d ", "-s", "--complement", "--output-delimiter=|", most=2))
    elif draw(st.booleans()):
        extra = ["--complement"]
    return [mode, spec, *extra]


GREP_ATOMS = [
    "a",
    "b",
    ".",
    "x*",
    "[a-c]",
    "[^ ]",
    "^",
    "$",
    "\\(a\\)",
    "\\|",
    "[[:digit:]]",
    "[[:upper:]]",
    "o\\{1,2\\}",
    "\\<t",
    "e\\>",
    " ",
    "\\w",
    "\\s",
    "l\\+",
    "e\\?",
]


@st.composite
def grep_args(draw: st.DrawFn) -> list[str]:
    pattern = "".join(draw(st.lists(st.sampled_from(GREP_ATOMS), min_size=1, max_size=3)))
    flags = draw(
        _flags("-i", "-v", "-c", "-n", "-o", "-w", "-x", "-A1", "-B1", "-C1", "-m2", "-b", "-q")
    )
    return [*flags, "-e", pattern]


TR_SETS = [
    "a-z",
    "A-Z",
    "[:lower:]",
    "[:upper:]",
    "[:digit:]",
    "[:space:]",
    "abc",
    "xyz",
    "\\n",
    " ",
    "a-c",
    "[:punct:]",
    "0-9",
    "[x*]",
    "[:alnum:]",
]


@st.composite
def tr_args(draw: st.DrawFn) -> list[str]:
    flags = draw(_flags("-d", "-s", "-c", most=2))
    if "-d" in flags and "-s" not in flags:
        count = 1
    elif not flags or flags == ["-c"]:
        count = 2
    else:
        count = draw(st.integers(1, 2))
    return [*flags, *draw(st.lists(st.sampled_from(TR_SETS), min_size=count, max_size=count))]


SED_COMMANDS = [
    "s/a/X/",
    "s/[aeiou]/_/g",
    "2d",
    "$d",
    "/o/d",
    "1,2p",
    "$=",
    "y/abc/ABC/",
    "2q",
    "s/\\(.\\)\\(.\\)/\\2\\1/",
    "/e/,/i/d",
    "1!G;h;$!d",
    "N;s/\\n/+/",
    "$!N;P;D",
    "s/.*/[&]/",
    "2i\\\nINS",
    "3a\\\nAPP",
    "s/x*/-/g",
    "0~2d",
    "2,+1d",
    "s/e/E/2",
    "/^$/d",
    "=",
    "l",
    "n;d",
    "s/o/0/gp",
    "/two/,$!d",
    "$!d",
]


@st.composite
def sed_args(draw: st.DrawFn) -> list[str]:
    script = ";".join(draw(st.lists(st.sampled_from(SED_COMMANDS), min_size=1, max_size=2)))
    return (["-n"] if draw(st.booleans()) else []) + [script]


HEAD_TAIL = st.tuples(
    st.sampled_from(["-n", "-c"]), st.sampled_from(["1", "3", "0", "-2", "+2", "10", "-1"])
).map(list)


def _same(argv: list[str], stdin: str) -> None:
    fs = VirtualFS()
    fs.mkdir(SIM_ROOT)
    simulated = run(fs, *argv, stdin=stdin)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            argv, input=stdin.encode(), capture_output=True, cwd=tmp, env=HOST_ENV, timeout=10
        )
    real = (done.stdout.decode(errors="surrogateescape"), done.returncode)
    assert (simulated.out, simulated.rc) == real, (argv, stdin, done.stderr, simulated.err)


GENERATED = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@GENERATED
@given(SORT, INPUTS)
def test_sort(args: list[str], stdin: str) -> None:
    _same(["sort", *args], stdin)


@GENERATED
@given(cut_args(), INPUTS)
def test_cut(args: list[str], stdin: str) -> None:
    _same(["cut", *args], stdin)


@GENERATED
@given(grep_args(), INPUTS, st.booleans())
def test_grep(args: list[str], stdin: str, extended: bool) -> None:
    if extended:
        args = ["-E", *[a.replace("\\", "") if a not in ("-e",) else a for a in args]]
    _same(["grep", *args], stdin)


@GENERATED
@given(tr_args(), INPUTS)
def test_tr(args: list[str], stdin: str) -> None:
    _same(["tr", *args], stdin)


@GENERATED
@given(UNIQ, INPUTS)
def test_uniq(args: list[str], stdin: str) -> None:
    _same(["uniq", *args], stdin)


@GENERATED
@given(sed_args(), INPUTS)
def test_sed(args: list[str], stdin: str) -> None:
    _same(["sed", *args], stdin)


@GENERATED
@given(st.sampled_from(["head", "tail"]), HEAD_TAIL, INPUTS)
def test_head_tail(name: str, args: list[str], stdin: str) -> None:
    _same([name, *args], stdin)


@GENERATED
@given(WC, INPUTS)
def test_wc(args: list[str], stdin: str) -> None:
    _same(["wc", *args], stdin)


def _pick(*choices: str, most: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(choices), max_size=most)


MORE = st.one_of(
    st.tuples(
        st.just("seq"),
        _pick("-w", "-s,", "-f%.1f", most=1),
        st.lists(
            st.sampled_from(["1", "2", "-1", "0", "10", "0.5", "1.5", "-2.25", "1e1"]),
            min_size=1,
            max_size=3,
        ),
    ).map(lambda t: [t[0], *t[1], *t[2]]),
    st.tuples(st.just("nl"), _pick("-ba", "-bt", "-bn", "-w3", "-s:", "-nln", "-nrz", "-v5")),
    st.tuples(st.just("fold"), _pick("-w5", "-w10", "-b", "-w1", most=2)),
    st.tuples(st.just("expand"), _pick("-t4", "-t2", "-i", "-t3,7", most=2)),
    st.tuples(
        st.just("od"),
        _pick(
            "-c",
            "-An",
            "-tx1",
            "-to1",
            "-td2",
            "-x",
            "-b",
            "-d",
            "-Ax",
            "-Ad",
            "-N5",
            "-j2",
            "-v",
            "-tu1",
            "-ta",
        ),
    ),
    st.tuples(st.just("base64"), _pick("-w10", "-w0", "-w4", most=1)),
    st.tuples(
        st.just("expr"),
        st.lists(
            st.sampled_from(
                [
                    "1",
                    "a",
                    "(",
                    ")",
                    "+",
                    "-",
                    "*",
                    "/",
                    "%",
                    ":",
                    "=",
                    "<",
                    "&",
                    "|",
                    "length",
                    "substr",
                    "index",
                    "0",
                    "-3",
                    "abc",
                    "2",
                    "!=",
                ]
            ),
            min_size=1,
            max_size=5,
        ),
    ),
    st.tuples(
        st.sampled_from(["basename", "dirname"]),
        st.lists(
            st.sampled_from(
                ["/a/b", "a/", "/", "a//b//", ".", "..", "x.txt", ".txt", "/usr/lib/", "-a", "-s"]
            ),
            min_size=1,
            max_size=3,
        ),
    ),
    st.tuples(st.just("paste"), _pick("-s", "-d,", "-d:;", "-")),
    st.tuples(st.just("cat"), _pick("-n", "-b", "-s", "-E", "-T", "-A", "-v", "-e", "-t")),
    st.tuples(st.sampled_from(["tac", "rev", "cksum", "md5sum", "sha256sum"]), st.just([])),
).map(lambda t: [t[0], *t[1]])


@GENERATED
@given(MORE, INPUTS)
def test_more_utilities(argv: list[str], stdin: str) -> None:
    _same(argv, stdin)
