"""Bracket expressions in case, parameter expansion and globs, checked against /bin/sh."""

from __future__ import annotations

import asyncio
import subprocess

import pytest

from mockserver.engines.base import ExecRequest, Exit, Output
from mockserver.engines.simulated import create
from mockserver.sandboxes import Sandbox
from mockserver.settings import Settings

SCRIPTS = [
    r"case m in [a-\z]) echo yes;; *) echo no;; esac",
    "case b in [z-a]) echo yes;; *) echo no;; esac",
    "case b in [!z-a]) echo yes;; *) echo no;; esac",
    "case b in [z-ab]) echo yes;; *) echo no;; esac",
    r"case 'a-' in [a\-]-) echo yes;; esac",
    "x=abc; echo ${x#[a-b]} ${x%[z-a]}",
    "case 5 in [[:digit:]]) echo digit;; esac",
]


def _simulated(script: str) -> tuple[str, int]:
    engine = create(Settings())
    env = {"HOME": "/tmp"}
    request = ExecRequest(Sandbox("s", env=env, cwd="/tmp"), script, "", env, {}, "/tmp", 5, "app")

    async def run() -> tuple[str, int]:
        out, code = [], -1
        async for event in engine.execute(request):
            if isinstance(event, Output) and event.stream == "stdout":
                out.append(event.data)
            elif isinstance(event, Exit):
                code = event.code
        return "".join(out), code

    return asyncio.run(run())


@pytest.mark.parametrize("script", SCRIPTS)
def test_brackets_match_as_dash_does(script: str) -> None:
    real = subprocess.run(["/bin/sh", "-c", script], capture_output=True, text=True, timeout=10)
    assert _simulated(script) == (real.stdout, real.returncode)
