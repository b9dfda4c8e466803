"""Generated scripts against real dash: same stdout, same exit status, stderr empty-or-not.

Hypothesis generates small scripts from a grammar of echo/printf/variables/if/for/case/
arithmetic/pipes and file operations, and every one of them must match exactly. (The corpora and
the public suites are compared in ``test_public_suites.py``.)
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from simulated_vs_sh import Case, compare, host_problem

from mockserver.engines.simulated.utilities import UTILITIES

_PROBLEM = host_problem()
pytestmark = pytest.mark.skipif(_PROBLEM is not None, reason=_PROBLEM or "")


# --- generated scripts ---------------------------------------------------------------------

_NAMES = st.sampled_from(["a", "b", "n"])
_VALUES = st.sampled_from(["", "1", "7", "hello", "a b", "  lead", "x*y", "-n", "q:r", "0"])
_BARE = st.text(alphabet="abcxyz0129_.,-+=", min_size=1, max_size=5).filter(
    lambda w: not w.startswith(("-", "="))
)
_SINGLE = st.text(alphabet='ab c$`"*\\;|&<>', max_size=6).map(lambda t: f"'{t}'")


@st.composite
def _double(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.text(alphabet="ab c'*;|", max_size=4),
                _NAMES.map(lambda n: f"${n}"),
                _NAMES.map(lambda n: f"${{{n}:-d f}}"),
                _NAMES.map(lambda n: f"${{#{n}}}"),
                st.just("\\$"),
                st.just('\\"'),
            ),
            max_size=3,
        )
    )
    return '"' + "".join(parts) + '"'


def _arith() -> st.SearchStrategy[str]:
    leaf = st.one_of(st.integers(0, 20).map(str), _NAMES)
    return st.recursive(
        leaf,
        lambda inner: st.tuples(inner, st.sampled_from("+-*/%<>"), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        max_leaves=4,
    )


_PATTERN = st.sampled_from(["*", "a*", "*b", "?", "[0-9]*", "*.*", "x", "'a'*", '"*"'])
_ATOM = st.one_of(
    _BARE,
    _SINGLE,
    _double(),
    _NAMES.map(lambda n: f"${n}"),
    _NAMES.map(lambda n: f"${{{n}-unset}}"),
    st.tuples(_NAMES, st.sampled_from(["#", "##", "%", "%%"]), _PATTERN).map(
        lambda t: f"${{{t[0]}{t[1]}{t[2]}}}"
    ),
    st.sampled_from(["$1", '"$@"', "$@", '"$*"', "$#", "${2:-none}"]),
    st.tuples(_NAMES, st.sampled_from([":-", "-", ":+", "+", ":="]), _SINGLE).map(
        lambda t: f"${{{t[0]}{t[1]}{t[2]}}}"
    ),
    _NAMES.map(lambda n: f"\"${{{n}:-'q r'}}\""),
    _NAMES.map(lambda n: f"${{{n}:-$(echo sub)}}"),
    _arith().map(lambda e: f"$(({e}))"),
    _BARE.map(lambda w: f"$(echo {w})"),
    _BARE.map(lambda w: f"`echo {w}`"),
)


def _filters() -> list[str]:
    wanted = {"cat": "cat", "wc": "wc -l", "tr": "tr a-z A-Z", "sort": "sort", "rev": "rev"}
    return [command for name, command in wanted.items() if name in UTILITIES]


@st.composite
def _simple(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            ["echo", "printf", "assign", "pipe", "status", "set", "file", "ifs", "call"]
        )
    )
    args = " ".join(draw(st.lists(_ATOM, max_size=3)))
    if kind == "echo":
        return f"echo {args}"
    if kind == "printf":
        return f"printf '%s|' {args}; echo"
    if kind == "assign":
        value = draw(_VALUES).replace("'", "")
        return f"{draw(_NAMES)}='{value}'"
    if kind == "status":
        return draw(st.sampled_from(["true", "false", "echo $?", "(exit 3); echo $?"]))
    if kind == "set":
        return f"set -- {args}"
    if kind == "file":
        target = draw(st.sampled_from(["f", "g"]))
        op = draw(st.sampled_from([">", ">>"]))
        return f"echo {args} {op} {target}; cat {target}"
    if kind == "ifs":
        return f"IFS='{draw(st.sampled_from([':', ' ', ',:', '']))}'; printf '<%s>' {args}; echo"
    if kind == "call":
        return f"fn {args}"
    filters = _filters()
    if not filters:
        return f"echo {args}"
    return f"echo {args} | {draw(st.sampled_from(filters))}"


def _condition() -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(_ATOM, st.sampled_from(["=", "!="]), _ATOM).map(
            lambda t: f"[ {t[0]} {t[1]} {t[2]} ]"
        ),
        st.tuples(st.integers(0, 9), st.sampled_from(["-lt", "-eq", "-ge"]), st.integers(0, 9)).map(
            lambda t: f"[ {t[0]} {t[1]} {t[2]} ]"
        ),
        st.sampled_from(["true", "false", "! false"]),
    )


@st.composite
def _statement(draw: st.DrawFn, depth: int = 0) -> str:
    if depth >= 2:
        return draw(_simple())
    kind = draw(
        st.sampled_from(
            [
                *["simple", "simple", "if", "for", "case", "and", "while", "group", "sub"],
                *["heredoc", "errexit", "read", "format"],
            ]
        )
    )
    body = "; ".join(draw(st.lists(_statement(depth + 1), min_size=1, max_size=2)))
    if kind == "if":
        other = "; ".join(draw(st.lists(_statement(depth + 1), min_size=1, max_size=2)))
        return f"if {draw(_condition())}; then {body}; else {other}; fi"
    if kind == "for":
        items = " ".join(draw(st.lists(_ATOM, max_size=3)))
        return f"for {draw(_NAMES)} in {items}; do {body}; done"
    if kind == "case":
        pattern = draw(st.sampled_from(["a*", "1|7", "*b*", "''", "[0-9]*", "h?llo"]))
        return f"case {draw(_ATOM)} in {pattern}) {body};; *) echo other;; esac"
    if kind == "while":
        i = f"i{depth}"  # one counter per nesting level, or loops never end
        limit = draw(st.integers(0, 3))
        return f"{i}=0; while [ ${i} -lt {limit} ]; do {body}; {i}=$(({i}+1)); done"
    if kind == "errexit":
        return f"( set -e; {body}; echo survived ); echo $?"
    if kind == "read":
        names = " ".join(draw(st.lists(_NAMES, min_size=1, max_size=3)))
        data = draw(st.sampled_from(["a b c\\n", "  x  y\\nz\\n", "1:2:3\\n", "", "q\\\\ r\\n"]))
        return f'printf \'{data}\' | while read {names}; do printf \'<%s>\' "${{a-u}}" "${{b-u}}" "${{n-u}}"; echo; done'
    if kind == "format":
        spec = draw(st.sampled_from(["%d", "%5s|", "%-4s|", "%x", "%03d", "%s %s", "%b", "%%"]))
        return f"printf '{spec}\\n' {' '.join(draw(st.lists(_ATOM, max_size=2)))}"
    if kind == "group":
        return f"{{ {body}; }} | {draw(st.sampled_from(_filters() or ['cat']))}"
    if kind == "sub":
        return f"( {body} ); echo $?"
    if kind == "heredoc" and depth == 0:  # its terminator must end a line
        quote = draw(st.sampled_from(["EOF", "'EOF'"]))
        line = " ".join(draw(st.lists(_ATOM, max_size=3))).replace("'", "").replace("$$", "$")
        return f"cat <<{quote}\n{line}\nEOF"
    if kind in {"and", "heredoc"}:
        return f"{draw(_condition())} {draw(st.sampled_from(['&&', '||']))} {draw(_simple())}"
    return draw(_simple())


@st.composite
def _script(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_statement(), min_size=1, max_size=4))
    function = 'fn() { echo "fn:$#:$1"; return $#; }'
    return "\n".join([function, *lines])


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(_script())
def test_generated_scripts_match_sh(script: str) -> None:
    same, real, simulated = compare(Case("generated", script))
    assert same, f"{script!r}\n  sh:        {real}\n  simulated: {simulated}"


# --- generated file operations ---------------------------------------------------------------

_PATHS = st.sampled_from(["a.txt", "b.txt", "c.log", "d/e.txt", "d", "x y", ".hid", "d/f.log"])
_GLOBS = st.sampled_from(["*", "*.txt", "d/*", "?.txt", "[ab]*", "*.none", ".*", "*/", "d/*.log"])


@st.composite
def _file_operation(draw: st.DrawFn) -> str:
    path, other, glob = f'"{draw(_PATHS)}"', f'"{draw(_PATHS)}"', draw(_GLOBS)
    content = draw(st.sampled_from(["hi", "a b", ""]))
    operations = {
        "touch": f"touch {path}",
        "mkdir": f"mkdir -p {path}",
        "rm": f"rm -rf {path}",
        "write": f"echo {content} > {path}",
        "append": f"echo more >> {path}",
        "cat": f"cat {path}",
        "ls": f"ls {glob}",
        "test": f"[ -f {path} ] && echo file || echo notfile; [ -d {path} ] && echo dir",
        "glob": f"echo {glob}",
        "cp": f"cp {path} {other}",
        "mv": f"mv {path} {other}",
        "for": f'for f in {glob}; do echo "<$f>"; done',
        "count": f"wc -l < {path}",
        "read": f'while read l; do echo "[$l]"; done < {path}',
    }
    return operations[draw(st.sampled_from(sorted(operations)))] + "; echo rc=$?"


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(_file_operation(), min_size=1, max_size=8))
def test_generated_file_operations_match_sh(operations: list[str]) -> None:
    script = "mkdir -p d\n" + "\n".join(operations)
    same, real, simulated = compare(Case("files", script))
    assert same, f"{script!r}\n  sh:        {real}\n  simulated: {simulated}"
