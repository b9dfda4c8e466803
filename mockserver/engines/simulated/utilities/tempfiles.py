"""``mktemp``: make a fresh file or directory with a random name."""

from __future__ import annotations

import random
import re
import string

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import locale_quote, strerror
from mockserver.engines.simulated.vfs import FSError

_LONG = {
    **STANDARD_LONG,
    "directory": ("d", "none"),
    "dry-run": ("u", "none"),
    "quiet": ("q", "none"),
    "suffix": ("suffix", "required"),
    "tmpdir": ("p", "optional"),
}
_ALPHABET = string.ascii_letters + string.digits
_ATTEMPTS = 100


async def mktemp(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "dqtup:", _LONG, usage="[OPTION]... [TEMPLATE]"
    )
    if isinstance(opts, int):
        return opts
    if len(opts.operands) > 1:
        return await usage_error(proc, "too many templates")
    template = opts.operands[0] if opts.operands else "tmp.XXXXXXXXXX"
    suffix = opts.last("suffix") or ""
    if suffix and "/" in suffix:
        await proc.error(f"invalid suffix {locale_quote(suffix)}, contains directory separator")
        return 1
    trailing = re.search(r"X+$", template)
    if trailing is None or len(trailing.group(0)) < 3:
        await proc.error(f"too few X's in template {locale_quote(template + suffix)}")
        return 1
    base_dir: str | None = None
    if opts.has("p"):
        base_dir = opts.last("p") or proc.env.get("TMPDIR") or "/tmp"
    elif opts.has("t") or not opts.operands:
        base_dir = proc.env.get("TMPDIR") or "/tmp"
    if base_dir is not None and "/" in template and opts.operands and opts.has("t"):
        await proc.error(
            f"invalid template, {locale_quote(template)}, contains directory separator"
        )
        return 1
    prefix = template.rstrip("X")
    count = len(template) - len(prefix)
    rng = random.SystemRandom()
    shown = ""
    error: FSError | None = None
    for _ in range(_ATTEMPTS):
        name = prefix + "".join(rng.choice(_ALPHABET) for _ in range(count)) + suffix
        shown = f"{base_dir.rstrip('/')}/{name}" if base_dir is not None else name
        path = proc.path(shown)
        if proc.fs.lstat(path) is not None:
            continue
        if opts.has("u"):
            break
        try:
            if opts.has("d"):
                proc.fs.mkdir(path, mode=0o700)
            else:
                proc.fs.write_bytes(path, b"")
                proc.fs.chmod(path, 0o600)
        except FSError as err:
            error = err
        break
    if error is not None:
        if not opts.has("q"):
            what = "directory" if opts.has("d") else "file"
            pattern = (
                f"{base_dir.rstrip('/')}/{template}{suffix}" if base_dir else template + suffix
            )
            await proc.error(
                f"failed to create {what} via template {locale_quote(pattern)}: {strerror(error)}"
            )
        return 1
    await proc.stdout.write(shown + "\n")
    return 0
