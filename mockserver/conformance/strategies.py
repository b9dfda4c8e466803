"""Hypothesis strategies for the Sandbox API, for the checker and for anyone's own tests.

from hypothesis import given
from mockserver.conformance import strategies

@given(strategies.printf_commands())
def test_echo(case):
    command, expected_stdout = case
    ...
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

#: Characters a process can carry in argv, env and pipes: all of Unicode but NUL and surrogates.
PROCESS_CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
#: Every variable the checker sets starts with this, so it never collides with a sandbox's own.
ENV_PREFIX = "MSCHK_"


def process_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Arbitrary Unicode text a command can receive and print back byte for byte."""
    return st.text(PROCESS_CHARACTERS, min_size=min_size, max_size=max_size)


def env_names() -> st.SearchStrategy[str]:
    """Portable environment variable names, prefixed so they are the checker's own."""
    return st.from_regex(r"[A-Z][A-Z0-9_]{0,11}", fullmatch=True).map(lambda s: ENV_PREFIX + s)


def exit_codes() -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=255)


def file_names() -> st.SearchStrategy[str]:
    """Plain relative file names (no slash, never ``.`` or ``..``)."""
    return st.from_regex(r"[a-z0-9][a-z0-9._-]{0,15}", fullmatch=True)


def shell_quote(text: str) -> str:
    """``text`` as one single-quoted ``/bin/sh`` word."""
    return "'" + text.replace("'", "'\"'\"'") + "'"


def printf_command(stdout: str, stderr: str = "", exit_code: int = 0) -> str:
    """A deterministic command writing exactly ``stdout`` and ``stderr`` and exiting so."""
    parts = [f"printf '%s' {shell_quote(stdout)}"]
    if stderr:
        parts.append(f"printf '%s' {shell_quote(stderr)} >&2")
    parts.append(f"exit {exit_code}")
    return "; ".join(parts)


def printf_commands() -> st.SearchStrategy[tuple[str, str]]:
    """``(command, the stdout it must produce)``."""
    return process_text().map(lambda text: (printf_command(text), text))


def exec_options() -> st.SearchStrategy[dict[str, Any]]:
    """Schema-valid ``options`` that any sandbox can run (no cwd, container or background)."""
    return st.fixed_dictionaries(
        {},
        optional={
            "timeout": st.integers(min_value=5, max_value=120),
            "stdin": process_text(),
            "env": st.dictionaries(env_names(), process_text(), max_size=3),
        },
    )


def runnable_exec_bodies() -> st.SearchStrategy[dict[str, Any]]:
    """Bodies of exec calls that run a deterministic command to completion."""
    return st.fixed_dictionaries(
        {"command": printf_commands().map(lambda case: case[0])},
        optional={"options": exec_options()},
    )


#: Bodies that break the request schema: each must be a 400 Error (CONTRACT section 2).
SCHEMA_INVALID_BODIES: tuple[tuple[str, bytes], ...] = (
    ("malformed JSON", b'{"command": "true"'),
    ("an empty body", b""),
    ("a JSON array", b"[]"),
    ("a JSON string", b'"true"'),
    ("a JSON number", b"1"),
    ("JSON null", b"null"),
    ("no command", b"{}"),
    ("an empty command", b'{"command": ""}'),
    ("a number as command", b'{"command": 1}'),
    ("null as command", b'{"command": null}'),
    ("null options", b'{"command": "true", "options": null}'),
    ("options as a string", b'{"command": "true", "options": "x"}'),
    ("a negative timeout", b'{"command": "true", "options": {"timeout": -1}}'),
    ("a string timeout", b'{"command": "true", "options": {"timeout": "5"}}'),
    ("a fractional timeout", b'{"command": "true", "options": {"timeout": 1.5}}'),
    ("null timeout", b'{"command": "true", "options": {"timeout": null}}'),
    ("a number as env value", b'{"command": "true", "options": {"env": {"A": 1}}}'),
    ("null as env value", b'{"command": "true", "options": {"env": {"A": null}}}'),
    ("env as an array", b'{"command": "true", "options": {"env": ["A=1"]}}'),
    ("null stdin", b'{"command": "true", "options": {"stdin": null}}'),
    ("a number as stdin", b'{"command": "true", "options": {"stdin": 5}}'),
    ("a string as background", b'{"command": "true", "options": {"background": "yes"}}'),
    ("a number as cwd", b'{"command": "true", "options": {"cwd": 5}}'),
    ("null container", b'{"command": "true", "options": {"container": null}}'),
)

#: Schema-valid bodies no process can be started with (CONTRACT section 2).
UNRUNNABLE_BODIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("a NUL byte in command", {"command": "printf a\x00b"}),
    ("a relative cwd", {"command": "pwd", "options": {"cwd": "relative/dir"}}),
    ("an empty env name", {"command": "true", "options": {"env": {"": "x"}}}),
    ("an env name holding '='", {"command": "true", "options": {"env": {"A=B": "x"}}}),
    ("an env name holding NUL", {"command": "true", "options": {"env": {"A\x00B": "x"}}}),
    ("a NUL byte in stdin", {"command": "cat", "options": {"stdin": "a\x00b"}}),
    ("a NUL byte in cwd", {"command": "pwd", "options": {"cwd": "/tmp\x00x"}}),
)


def schema_invalid_bodies() -> st.SearchStrategy[bytes]:
    return st.sampled_from([body for _, body in SCHEMA_INVALID_BODIES])


def unrunnable_bodies() -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from([body for _, body in UNRUNNABLE_BODIES])
