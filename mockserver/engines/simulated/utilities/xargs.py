"""``xargs``: build command lines from standard input and run them."""

from __future__ import annotations

from mockserver.engines.simulated.process import CommandNotFound, Process, StringInput
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)

_LONG = {
    **STANDARD_LONG,
    "null": ("0", "none"),
    "delimiter": ("d", "required"),
    "max-args": ("n", "required"),
    "max-lines": ("L", "required"),
    "replace": ("I", "required"),
    "no-run-if-empty": ("r", "none"),
    "verbose": ("t", "none"),
    "max-procs": ("P", "required"),
    "max-chars": ("s", "required"),
    "arg-file": ("a", "required"),
    "exit": ("x", "none"),
    "interactive": ("p", "none"),
    "open-tty": ("o", "none"),
    "eof": ("E", "required"),
}
#: The most arguments one command line gets by default (GNU's limit is in bytes; this is ample).
DEFAULT_MAX_ARGS = 5000


class _QuoteError(Exception):
    pass


def _split_default(text: str) -> list[tuple[str, int]]:
    """Arguments as GNU xargs reads them by default: blanks separate, quotes and backslash
    escape. Each comes with the number of the input line it ends on (for ``-L``)."""
    args: list[tuple[str, int]] = []
    current: list[str] = []
    have = False
    quote = ""
    line = 0
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\n":
                raise _QuoteError("single" if quote == "'" else "double")
            else:
                current.append(c)
        elif c in "'\"":
            quote = c
            have = True
        elif c == "\\" and i + 1 < len(text):
            current.append(text[i + 1])
            have = True
            i += 1
        elif c in " \t\n":
            if have:
                args.append(("".join(current), line))
                current, have = [], False
            if c == "\n":
                line += 1
        else:
            current.append(c)
            have = True
        i += 1
    if quote:
        raise _QuoteError("single" if quote == "'" else "double")
    if have:
        args.append(("".join(current), line))
    return args


async def xargs(proc: Process) -> int:
    opts = await parse_or_answer(
        proc,
        proc.argv[1:],
        "0d:n:L:l::I:i::rtP:s:a:xpoE:e::",
        _LONG,
        usage="[OPTION]... COMMAND [INITIAL-ARGS]...",
        permute=False,
    )
    if isinstance(opts, int):
        return opts
    command = opts.operands or ["echo"]
    replace_str = opts.last("I")
    if opts.has("i"):
        replace_str = opts.last("i") or "{}"
    source = opts.last("a")
    if source is not None:
        try:
            text = proc.fs.read_text(proc.path(source))
        except OSError as err:
            await proc.error(f"Cannot open input file '{source}': {err.strerror}")
            return 1
    else:
        text = await proc.stdin.read_all()
    eof = opts.last("E") or opts.last("e")
    delimiter = "\0" if opts.has("0") else opts.last("d")
    if delimiter is not None:
        delimiter = {"\\n": "\n", "\\t": "\t", "\\0": "\0"}.get(delimiter, delimiter)
        pieces = text.split(delimiter)
        if pieces and pieces[-1] == "":
            pieces.pop()
        args = [(p, i) for i, p in enumerate(pieces)]
    elif replace_str is not None:
        args = [
            (line.strip(" \t"), i) for i, line in enumerate(text.split("\n")) if line.strip(" \t")
        ]
    else:
        try:
            args = _split_default(text)
        except _QuoteError as e:
            await proc.error(
                f"unmatched {e} quote; by default quotes are special to xargs unless you use the -0 option"
            )
            return 1
    if eof:
        for i, (arg, _) in enumerate(args):
            if arg == eof:
                args = args[:i]
                break
    max_args: int | None = None
    raw_n = opts.last("n")
    if raw_n is not None:
        if not raw_n.isdigit() or int(raw_n) < 1:
            return await usage_error(proc, f"value {raw_n} for -n option should be >= 1")
        max_args = int(raw_n)
    max_lines_raw = opts.last("L") or (opts.last("l") or "1" if opts.has("l") else None)
    batches: list[list[str]] = []
    if replace_str is not None:
        batches = [[arg] for arg, _ in args]
    elif max_lines_raw is not None:
        per = int(max_lines_raw) if max_lines_raw.isdigit() else 1
        group: list[str] = []
        first_line = None
        for arg, line in args:
            if first_line is None:
                first_line = line
            if line - first_line >= per:
                batches.append(group)
                group, first_line = [], line
            group.append(arg)
        if group:
            batches.append(group)
    else:
        size = max_args or DEFAULT_MAX_ARGS
        values = [a for a, _ in args]
        batches = [values[i : i + size] for i in range(0, len(values), size)]
    if not batches and not opts.has("r") and replace_str is None:
        batches = [[]]
    status = 0
    for batch in batches:
        await proc.checkpoint()
        if replace_str is not None:
            argv = [part.replace(replace_str, batch[0]) for part in command]
        else:
            argv = [*command, *batch]
        if opts.has("t", "p"):
            await proc.stderr.write(" ".join(argv) + "\n")
        try:
            rc = await proc.spawn(argv, StringInput(""))
        except CommandNotFound:
            await proc.error(f"{argv[0]}: No such file or directory")
            return 127
        if rc == 255:
            await proc.error(f"{argv[0]}: exited with status 255; aborting")
            return 124
        if rc >= 128:
            await proc.error(f"{argv[0]}: terminated by signal {rc - 128}")
            return 125
        if rc != 0:
            status = 123
    return status
