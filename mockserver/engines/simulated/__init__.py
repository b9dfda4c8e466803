"""The simulated sandbox shell: a POSIX ``sh`` interpreted in-process on a virtual filesystem.

``create(settings)`` is the entry point of the ``simulated`` engine (the default one). Each call
is a fresh ``sh -c`` with dash's semantics (Debian's ``/bin/sh``); files persist per sandbox.

Layout (who may import whom goes upwards; ``tests/test_architecture.py`` enforces it):

* ``catalog`` (what exists: directories, the programs of /usr/bin, the devices of /dev),
  ``errors``, ``patterns``; then ``vfs`` (the tree), ``process`` (what a command is given:
  argv, environment, streams, and a callback to run another command), ``devices`` (opening a
  path: a file, ``/dev/null``, ``/dev/fd/N``...).
* ``utilities/``: ls, grep, sed, awk... written against ``process`` only; they end by raising
  ``UtilityExit`` (reported in ``utilities/guard.py``).
* The shell: ``source`` reads the script's text as dash's lexer does (backslash-newlines,
  backquotes, ``heredocs``, ``${...}`` operands, the reserved-word forms tree-sitter-bash lacks,
  the syntax dash refuses) and hands ``parser`` (tree-sitter-bash) a text it reads alike;
  ``words`` reads each word's quoting and expansions from its source text, ``expansion``
  expands them; ``arithmetic``, ``redirection``, ``statements``, ``control``, ``interpreter``
  (shell state, command lookup on ``$PATH``), ``builtins/``.
* ``engine``: the Engine protocol, per-sandbox filesystems and jobs, streaming, timeouts.

Where the simulation knowingly differs from dash: ``$$`` is a fixed number; ``ulimit`` is absent;
aliases are looked up when a command runs (from the script line after their definition) rather
than when it is read; ``umask`` applies to files made by redirections, not by utilities; no
signal is delivered to the shell or its jobs; bash's ``((...))`` is a syntax error here while dash runs it as nested subshells; a function
nested deeper than 1000 calls fails with a message (dash would crash). Every difference measured
on public shell suites is listed, with its reason, in
``tests/engines/simulated/known_differences.toml``.
"""

from __future__ import annotations

from mockserver.engines.simulated.engine import SimulatedEngine
from mockserver.settings import Settings


def create(settings: Settings) -> SimulatedEngine:
    return SimulatedEngine(settings)


__all__ = ["SimulatedEngine", "create"]
