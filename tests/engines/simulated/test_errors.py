"""Diagnostics read as dash's: syntax errors and fatal shell errors, same text, same status."""

from __future__ import annotations

import pytest
import simulated_vs_sh
from simulated_vs_sh import Case, compare

_PROBLEM = simulated_vs_sh.host_problem()
pytestmark = pytest.mark.skipif(_PROBLEM is not None, reason=_PROBLEM or "")

SCRIPTS = [
    "if then fi",
    "echo 'abc",
    'echo "abc',
    "for i in 1 2; do echo $i",
    "if true; then echo",
    "while true; do",
    "case x in",
    "echo )",
    "echo (",
    "{ echo a",
    "echo a; fi",
    "done",
    "f() {",
    "echo $((1+)",
    "a=(1 2)",
    "echo a |",
    "echo a &&",
    "| echo",
    ";;",
    "echo ${x",
    "echo `echo",
    "function f { echo; }",
    "then",
    "echo a\necho b\nif",
    "echo ok\nif then fi\necho never",
    "[[ 1 ]]",
    "echo ${x/a/b}",
    "echo ${x:?must be set}",
    ": ${x?}",
    "nope",
    "cd /nope",
    ". /nope",
    "exit abc",
    "shift 5",
    "set -o nope",
    "readonly x=1; x=2",
    "local y",
    "unset -z x",
    "printf '%d' x",
    "[ 1 -eq ]",
    "[ 1 -eq x ]",
    "[ a == a ]",
    "read",
    "echo a >/nodir/f",
    "cat < /nofile",
    "x=abc; echo $((x + 1))",
    'set -x; x=1 echo "a b" $x; y=2 z=3; echo $(echo in); set +x; echo done',
    "echo before\ncat <<EOF\na ` b\nEOF\necho after",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_diagnostic_matches_dash(script: str) -> None:
    same, real, simulated = compare(Case("error", script))
    assert same, f"sh={real} simulated={simulated}"
    assert simulated.stderr == real.stderr
