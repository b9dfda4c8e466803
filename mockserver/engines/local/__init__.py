"""``--engine local``: commands run for real, confined by bubblewrap.

Each call is a fresh ``/bin/sh -c <command>`` in a sandbox with a read-only root, the host's
system directories read-only, no network, and a writable tree per sandbox that persists between
calls (``/tmp``, the sandbox's default cwd such as ``/app``, its ``$HOME`` such as ``/home/user``).
The timeout kills the whole process group, output is capped at ``settings.max_output_bytes`` per
stream, and output is streamed as the command writes it. Processes a command leaves in the
background end with it (they share its PID namespace); a call with ``options.background`` keeps
running until it ends by itself, times out, or the engine closes.

Binding policy: the local engine runs real commands on this machine, so the CLI serves it on a
loopback address only, unless ``--allow-remote`` is given together with a token
(``settings.allow_remote`` and ``settings.token``), which every request must then carry.

Needs bubblewrap (``apt-get install bubblewrap``); :func:`create` says so when it is missing, and
starts one empty sandbox to check that this machine can run them.
"""

from __future__ import annotations

from mockserver.engines.local.bubblewrap import find_bwrap, probe
from mockserver.engines.local.engine import LocalEngine
from mockserver.settings import Settings

__all__ = ["LocalEngine", "create"]


def create(settings: Settings) -> LocalEngine:
    """The engine, or :class:`~mockserver.engines.registry.EngineError` saying what is missing."""
    bwrap = find_bwrap()
    probe(bwrap)
    return LocalEngine(settings, bwrap)
