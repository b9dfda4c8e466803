"""The bubblewrap command line that confines one call.

Inside: an empty root made read-only, the host's system directories bound read-only, a fresh
``/proc`` and ``/dev``, the sandbox's writable binds (see ``trees``), every namespace unshared
(no network: only a loopback of its own), all capabilities dropped (also when the server runs as
root, where bubblewrap would otherwise keep them), a new session (no terminal injection), and
death with its parent. The environment is exactly the request's (``--clearenv``, then one
``--setenv`` per variable), so nothing of the server's own environment leaks in.

A small launcher changes to the call's cwd first, so that a cwd missing inside the sandbox is a
readable message on stderr and exit 126 rather than a bubblewrap error, then ``exec``s
``/bin/sh -c <command>`` (so the command is the process bubblewrap waits for).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping

from mockserver.engines.local.trees import SYSTEM_PATHS, Layout
from mockserver.engines.registry import EngineError

INSTALL_HINT = "install it with `apt-get install bubblewrap` (Debian/Ubuntu package bubblewrap)"

NAMESPACE_FLAGS = (
    "--unshare-all",  # user (when possible), ipc, pid, net, uts, cgroup
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
)

#: $0 of the launcher, named in its messages.
LAUNCHER_NAME = "sandbox"
LAUNCHER = (
    # "$1" is the cwd, "$2" the command, the rest directories to make first (inside the sandbox,
    # so a path the sandbox changed is its own business; failures are left to the cd below).
    '[ $# -le 2 ] || (shift 2; /bin/mkdir -p -- "$@") 2>/dev/null; '
    '[ -d "$1" ] || { printf "%s: cannot run in %s: no such directory\\n" "$0" "$1" >&2; '
    "exit 126; }; "
    # Leave OLDPWD as the request gave it: no trace of this cd reaches the command.
    'set -- "$1" "$2" "${OLDPWD-}" "${OLDPWD+set}"; '
    'cd -- "$1" || exit 126; '
    'if [ "$4" ]; then OLDPWD=$3; else unset OLDPWD; fi; '
    'exec /bin/sh -c "$2"'
)


def find_bwrap() -> str:
    """The bubblewrap executable on PATH, or an EngineError saying how to install it."""
    found = shutil.which("bwrap")
    if found is None:
        raise EngineError(
            "the local engine needs bubblewrap (bwrap), which is not on PATH: " + INSTALL_HINT
        )
    return found


def system_binds() -> list[str]:
    """Read-only binds of the host's system directories; merged-/usr symlinks stay symlinks."""
    args: list[str] = []
    for path in SYSTEM_PATHS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def command_line(
    bwrap: str, layout: Layout, env: Mapping[str, str], cwd: str, command: str
) -> list[str]:
    """argv running ``/bin/sh -c command`` in ``cwd`` with exactly ``env``, confined."""
    args = [bwrap, *NAMESPACE_FLAGS, "--tmpfs", "/", *system_binds()]
    args += ["--proc", "/proc", "--dev", "/dev"]
    for mount in layout.mounts:
        args += ["--bind", str(mount.source), mount.target]
    args += ["--remount-ro", "/", "--chdir", "/", "--clearenv"]
    for name, value in env.items():
        args += ["--setenv", name, value]
    args += ["--", "/bin/sh", "-c", LAUNCHER, LAUNCHER_NAME, cwd, command, *layout.directories]
    return args


def probe(bwrap: str) -> None:
    """Start one empty sandbox now, so a machine that cannot run them fails at start-up."""
    argv = command_line(bwrap, Layout((), ()), {}, "/", "true")
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EngineError(f"the local engine cannot run bubblewrap ({bwrap}): {error}") from error
    if result.returncode != 0:
        why = result.stderr.strip() or f"exit status {result.returncode}"
        if "Unknown option" in why:
            raise EngineError(
                f"the local engine needs bubblewrap 0.5 or later ({bwrap} says: {why}); "
                + INSTALL_HINT
            )
        raise EngineError(
            f"the local engine cannot start a bubblewrap sandbox: {why}. Run as root, or enable "
            "unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 and "
            "user.max_user_namespaces > 0)"
        )
