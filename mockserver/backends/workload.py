"""The generated workload of ``mockserver diff``: everyday shell scripts and the options of a call.

Scripts are built from a small grammar (sources, filters, redirections, files, control flow)
over the utilities every sandbox has, with words from a small alphabet, so that Hypothesis finds
and shrinks differences to a few characters. Everything a script touches lives in the run's own
scratch directory, and every variable it reads comes from the call's ``env``: a script never
depends on the sandbox it runs in (its home, its user, its default directory), only on the
implementation.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from mockserver.conformance.strategies import shell_quote

#: Variables the workload sets and reads (never a sandbox's own).
VARIABLES = ("DIFF_A", "DIFF_B")
FILES = ("f1", "f2")

#: Characters of generated text: letters that sort and translate, a space, a tab, a newline,
#: a digit, a non-ASCII letter and shell punctuation that must stay literal when quoted.
_ALPHABET = "abAB z\t\n1-é*$'"
texts = st.text(st.sampled_from(_ALPHABET), max_size=8)
words = st.one_of(
    st.sampled_from(["a", "b", "hello", "b a", "", "é", "42", "-n", "a\tb", "*"]), texts
)
counts = st.integers(min_value=0, max_value=3)


def _quoted(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return strategy.map(shell_quote)


_sources = st.one_of(
    st.builds("echo {}".format, _quoted(words)),
    st.builds("echo -n {}".format, _quoted(words)),
    st.builds("printf '%s\\n' {} {}".format, _quoted(words), _quoted(words)),
    st.sampled_from(
        [
            "printf 'b\\na\\nb\\nc\\n'",
            "printf '%d|%5s|%-3s|%x\\n' 42 ab c 255",
            "printf 'no newline'",
            "seq 3",
            "seq 2 5",
            "cat",
            "true",
            "false",
            "pwd",
            'echo "$DIFF_A"',
            'echo "${DIFF_B:-unset}"',
            "echo $((6 * 7 - 1))",
            "for x in a b; do echo $x; done",
            "cat f1",
            "ls f1 f2",
            "test -f f1 && echo yes || echo no",
            "ls /nonexistent-mockserver-diff",
            "echo oops >&2",
            "echo out; echo err >&2",
        ]
    ),
    st.builds("exit {}".format, st.sampled_from([0, 1, 2, 3, 127, 255])),
)

_filters = st.one_of(
    st.sampled_from(
        [
            "sort",
            "sort -r",
            "sort -n",
            "sort -u",
            "uniq",
            "uniq -c",
            "wc -l",
            "wc -c",
            "wc -w",
            "tr a-z A-Z",
            "tr -d a",
            "cut -c1-2",
            "cut -d' ' -f1",
            "grep a",
            "grep -c a",
            "grep -v a",
            "sed 's/a/X/g'",
            "awk '{print NF, $1}'",
            "rev",
            "cat -n",
            "tail -c 3",
        ]
    ),
    st.builds("head -n {}".format, counts),
    st.builds("tail -n {}".format, counts),
)

_writes = st.builds(
    "{} {} {}".format,
    _sources,
    st.sampled_from([">", ">>"]),
    st.sampled_from(FILES),
)


@st.composite
def _pipelines(draw: st.DrawFn) -> str:
    stages = [draw(_sources), *draw(st.lists(_filters, max_size=2))]
    return " | ".join(stages)


_simple = st.one_of(_pipelines(), _writes)


@st.composite
def scripts(draw: st.DrawFn) -> str:
    """A shell script: one to three commands joined by ``;``, ``&&``, ``||`` or an ``if``."""
    first = draw(_simple)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        joiner = draw(st.sampled_from(["; ", " && ", " || ", "if"]))
        other = draw(_simple)
        first = f"if {first}; then {other}; fi" if joiner == "if" else f"{first}{joiner}{other}"
    return first


def options(scratch: str) -> st.SearchStrategy[dict[str, Any]]:
    """The options of a call: cwd (the scratch directory or a directory in it), env, stdin,
    timeout. Each is optional but cwd, so relative paths always mean the scratch directory."""
    return st.fixed_dictionaries(
        {"cwd": st.sampled_from([scratch, f"{scratch}/sub"])},
        optional={
            "env": st.dictionaries(st.sampled_from(VARIABLES), words, max_size=2),
            "stdin": texts,
            "timeout": st.sampled_from([0, 30]),
        },
    )


#: A command that outlives a timeout of one second: stopped, with what it wrote so far.
TIMED_OUT_COMMAND = "echo started; sleep 3; echo never"


@st.composite
def calls(draw: st.DrawFn, scratch: str) -> dict[str, Any]:
    """An exec request body; about one in thirty is a command stopped by its timeout.

    The timed-out case sits at the far end of the draw, so shrinking moves away from it.
    """
    if draw(st.integers(min_value=0, max_value=29)) == 29:
        return {"command": TIMED_OUT_COMMAND, "options": {"cwd": scratch, "timeout": 1}}
    return {"command": draw(scripts()), "options": draw(options(scratch))}
