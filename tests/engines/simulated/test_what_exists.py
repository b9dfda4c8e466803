"""What exists in the simulated sandbox (programs on $PATH, /dev) is the same for the shell,
``which``, ``command -v``, ``xargs``, ``find -exec`` and the utilities: each case runs in the
real ``/bin/sh`` (dash) and in the simulated engine, and stdout, stderr and status must agree.
"""

from __future__ import annotations

import logging

import pytest
from simulated_vs_sh import Case, compare, host_problem, run_real, run_simulated

pytestmark = pytest.mark.skipif(host_problem() is not None, reason=str(host_problem()))

CASES = [
    # One place decides where programs are: not in /usr/local/sbin, for the shell and xargs.
    "/usr/local/sbin/ls -d /; echo $?",
    "echo / | xargs /usr/local/sbin/ls -d; echo $?",
    "/usr/bin/ls -d /; /bin/ls -d /; echo / | xargs /bin/ls -d; echo / | xargs /usr/bin/ls -d",
    "find / -maxdepth 0 -exec /bin/ls -d {} \\;",
    "ls -ld /bin /sbin | cut -c1; readlink /bin /sbin",
    # `which sh` names a file that runs.
    "which sh; /usr/bin/sh -c 'echo hi'; command -v sh; /bin/sh -c 'echo $0'",
    "which -a ls; command -v ls cat; type cat",
    # Builtins that are programs, and builtins that are not.
    "/bin/echo a; env printf '%s\\n' b; echo c | xargs /usr/bin/printf '<%s>\\n'",
    "echo /tmp | xargs cd; echo $?",
    "env cd /tmp; echo $?",
    # Devices and descriptors, for redirections and for the files utilities open.
    "echo x | sed 'w /dev/stderr' 2>&1 >/dev/null",
    "echo x | sed -n 'w /dev/stdout'",
    "printf 'a\\nb\\n' | sed 's/a/A/w /dev/stdout'",
    "echo hi > /dev/fd/1; { echo err >/dev/fd/2; } 2>&1",
    "echo hi > /dev/full; echo $?",
    "echo abc | cat > /dev/full; echo $?",
    "seq 3 > /dev/full; echo $?",
    "exec 3>f; echo three >/dev/fd/3; exec 3>&-; cat f",
    "echo in | cat /dev/stdin; echo in0 | cat /dev/fd/0; echo in2 | cat - /dev/null",
    "head -c 3 /dev/zero | od -An -c; head -c 2 /dev/full | wc -c",
    "cat /dev/null; echo $?; wc -c < /dev/null",
    "[ -c /dev/null ] && echo char; [ -L /dev/stdout ] && echo link; [ -f /dev/null ] || echo nf",
    "echo x > /dev/fd/7; echo $?",
    "cat /dev/fd/7; echo $?",
    "echo y | tee /dev/stderr 2>&1 >/dev/null",
    "echo z | awk '{ print > \"/dev/stderr\" }' 2>&1",
    "printf 'b\\na\\n' | sort -o /dev/stdout",
    "echo kept > /dev/null; cp /dev/null empty; wc -c < empty; ls -l /dev/null | cut -c1-10",
    "false; . /dev/null; echo $?; echo 'echo sourced' | . /dev/stdin",
    "echo 'echo x $0' | sh /dev/stdin; sh /dev/null; echo $?",
]


@pytest.mark.parametrize("script", CASES)
def test_the_same_as_dash(script: str) -> None:
    _, real, simulated = compare(Case("exists", script))
    assert simulated == real


MISSING = ["python3 -c 'print(1)'", "node -e 1", "git status", "curl -s x", "pip install x"]


@pytest.mark.parametrize("command", [*MISSING, "apt-get install -y jq"])
def test_a_missing_command_fails_as_in_dash(command: str) -> None:
    script = f"{command}; echo $?"
    # The host has some of these: dash looks for them where there are none.
    real = run_real(Case("missing", f"PATH=/nowhere; {script}"))
    assert run_simulated(Case("missing", script)) == real
    assert real.stderr == f"sh: 1: {command.split()[0]}: not found\n"


def test_the_log_says_once_per_name_how_to_provide_a_missing_command(
    caplog: pytest.LogCaptureFixture,
) -> None:
    script = "python3 -V; python3 -V; git log; command -v node"
    with caplog.at_level(logging.WARNING, logger="mockserver.engines.simulated.engine"):
        run_simulated(Case("missing", script))
    hints = [record.getMessage() for record in caplog.records]
    assert len(hints) == 2
    assert "'python3'" in hints[0] and "'git'" in hints[1]
    assert all("fixture" in hint and "--engine local" in hint for hint in hints)
