"""``find``: walk trees and evaluate an expression of tests and actions on each file."""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from mockserver.engines.simulated.process import CommandNotFound, Process, StringInput
from mockserver.engines.simulated.utilities.modes import mode_string, parse_mode
from mockserver.engines.simulated.utilities.regex import RegexError, compile_posix
from mockserver.engines.simulated.vfs import FSError, Stat, match_pattern


class _FindError(Exception):
    """A bad expression: GNU's message."""


@dataclass
class _File:
    shown: str  # the path as find prints it
    path: str  # absolute
    st: Stat
    depth: int
    root: str


@dataclass
class _State:
    proc: Process
    now: float
    prune: bool = False
    quit: bool = False
    status: int = 0
    batches: dict[int, list[str]] = field(default_factory=dict)


Test = Callable[[_File, _State], Awaitable[bool]]

_GLOBAL = {
    "-maxdepth",
    "-mindepth",
    "-depth",
    "-d",
    "-xdev",
    "-mount",
    "-noleaf",
    "-ignore_readdir_race",
}
_ACTIONS = {
    "-print",
    "-print0",
    "-printf",
    "-exec",
    "-execdir",
    "-ok",
    "-okdir",
    "-delete",
    "-ls",
    "-fprint",
    "-quit",
}


@dataclass
class _Options:
    maxdepth: int | None = None
    mindepth: int = 0
    depth_first: bool = False
    follow: bool = False
    has_action: bool = False


class _Parser:
    def __init__(self, tokens: list[str], options: _Options, proc: Process) -> None:
        self.tokens = tokens
        self.i = 0
        self.o = options
        self.proc = proc
        self.exec_id = 0
        #: ``-exec ... {} +`` commands by id, run once at the end with the names gathered.
        self.batch_commands: dict[int, list[str]] = {}

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        if self.i >= len(self.tokens):
            raise _FindError(
                "invalid expression; I was expecting to find a ')' somewhere but did not see one."
            )
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def arg(self, name: str) -> str:
        if self.i >= len(self.tokens):
            raise _FindError(f"missing argument to `{name}'")
        return self.take()

    def parse(self) -> Test:
        if self.peek() is None:
            return _always
        expr = self.parse_or()
        if self.peek() is not None:
            tok = self.peek()
            if tok == ")":
                raise _FindError("invalid expression; you have too many ')'")
            raise _FindError(f"paths must precede expression: `{tok}'")
        return expr

    def parse_or(self) -> Test:
        left = self.parse_and()
        while self.peek() in ("-o", "-or"):
            self.take()
            right = self.parse_and()
            left = _or(left, right)
        while self.peek() == ",":
            self.take()
            right = self.parse_and()
            left = _comma(left, right)
        return left

    def parse_and(self) -> Test:
        left = self.parse_not()
        while True:
            tok = self.peek()
            if tok in ("-a", "-and"):
                self.take()
                left = _and(left, self.parse_not())
            elif tok is not None and tok not in ("-o", "-or", ")", ","):
                left = _and(left, self.parse_not())
            else:
                return left

    def parse_not(self) -> Test:
        if self.peek() in ("!", "-not"):
            self.take()
            inner = self.parse_not()

            async def negated(f: _File, s: _State) -> bool:
                return not await inner(f, s)

            return negated
        return self.parse_primary()

    def parse_primary(self) -> Test:
        tok = self.take()
        if tok == "(":
            if self.peek() == ")":
                raise _FindError("invalid expression; empty parentheses are not allowed.")
            inner = self.parse_or()
            if self.peek() != ")":
                raise _FindError(
                    "invalid expression; I was expecting to find a ')' somewhere but did not see one."
                )
            self.take()
            return inner
        return self.primary(tok)

    def primary(self, tok: str) -> Test:
        o = self.o
        if tok in _ACTIONS:
            o.has_action = True
        if tok == "-maxdepth" or tok == "-mindepth":
            raw = self.arg(tok)
            if not raw.isdigit():
                raise _FindError(
                    f"Expected a positive decimal integer argument to {tok}, but got `{raw}'"
                )
            if tok == "-maxdepth":
                o.maxdepth = int(raw)
            else:
                o.mindepth = int(raw)
            return _always
        if tok in ("-depth", "-d"):
            o.depth_first = True
            return _always
        if tok in ("-xdev", "-mount", "-noleaf", "-ignore_readdir_race", "-nowarn", "-warn"):
            return _always
        if tok == "-follow":
            o.follow = True
            return _always
        if tok in ("-true", "-false"):
            value = tok == "-true"

            async def constant(f: _File, s: _State) -> bool:
                return value

            return constant
        if tok in (
            "-name",
            "-iname",
            "-path",
            "-ipath",
            "-wholename",
            "-iwholename",
            "-lname",
            "-ilname",
        ):
            pattern = self.arg(tok)
            fold = tok.startswith("-i")
            whole = "path" in tok or "wholename" in tok
            link = "lname" in tok
            pat = pattern.lower() if fold else pattern

            async def named(f: _File, s: _State) -> bool:
                if link:
                    if f.st.kind != "symlink":
                        return False
                    subject = s.proc.fs.readlink(f.path)
                elif whole:
                    subject = f.shown
                else:
                    subject = _base(f.shown)
                return match_pattern(pat, subject.lower() if fold else subject)

            return named
        if tok in ("-regex", "-iregex"):
            raw = self.arg(tok)
            try:
                regex = compile_posix(raw, extended=False, ignore_case=tok == "-iregex")
            except RegexError as err:
                raise _FindError(str(err)) from None

            async def regexed(f: _File, s: _State) -> bool:
                return regex.fullmatch(f.shown) is not None

            return regexed
        if tok in ("-type", "-xtype"):
            raw = self.arg(tok)
            kinds = set(raw.split(","))
            allowed = {"f": "file", "d": "dir", "l": "symlink", "c": "device"}
            for k in kinds:
                if k not in "fdlbcpsD" or len(k) != 1:
                    raise _FindError(f"Unknown argument to {tok}: {k}")
            wanted = {allowed[k] for k in kinds if k in allowed}

            async def typed(f: _File, s: _State) -> bool:
                return f.st.kind in wanted

            return typed
        if tok == "-empty":

            async def empty(f: _File, s: _State) -> bool:
                if f.st.kind == "dir":
                    return not s.proc.fs.listdir(f.path)
                return f.st.kind == "file" and f.st.size == 0

            return empty
        if tok in ("-executable", "-readable", "-writable"):
            bit = {"-executable": 0o111, "-readable": 0o444, "-writable": 0o222}[tok]

            async def permitted(f: _File, s: _State) -> bool:
                return bool(f.st.mode & bit) or (tok != "-executable")

            return permitted
        if tok == "-size":
            raw = self.arg(tok)
            m = re.fullmatch(r"([-+]?)([0-9]+)([bcwkMG]?)", raw)
            if m is None:
                raise _FindError(
                    f"invalid -size type `{raw[-1:]}'"
                    if raw[-1:].isalpha()
                    else f"Invalid argument `{raw}' to -size"
                )
            sign, n, unit = m.group(1), int(m.group(2)), m.group(3) or "b"
            scale = {"b": 512, "c": 1, "w": 2, "k": 1024, "M": 1024**2, "G": 1024**3}[unit]

            async def sized(f: _File, s: _State) -> bool:
                units = -(-f.st.size // scale)
                if sign == "+":
                    return units > n
                if sign == "-":
                    return units < n
                return units == n

            return sized
        if tok in ("-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin"):
            raw = self.arg(tok)
            m = re.fullmatch(r"([-+]?)([0-9]+)", raw)
            if m is None:
                raise _FindError(f"Invalid argument `{raw}' to `{tok}'")
            sign, n = m.group(1), int(m.group(2))
            period = 60 if tok.endswith("min") else 86400

            async def timed(f: _File, s: _State) -> bool:
                age = int((s.now - f.st.mtime) // period)
                if sign == "+":
                    return age > n
                if sign == "-":
                    return age < n
                return age == n

            return timed
        if tok in ("-newer", "-anewer", "-cnewer"):
            ref = self.arg(tok)
            st = self.proc.fs.stat(self.proc.path(ref))
            if st is None:
                raise _FindError(f"‘{ref}’: No such file or directory")
            ref_time = st.mtime

            async def newer(f: _File, s: _State) -> bool:
                return f.st.mtime > ref_time

            return newer
        if tok == "-perm":
            raw = self.arg(tok)
            mode_text = raw[1:] if raw[:1] in ("-", "/") else raw
            if re.fullmatch(r"[0-7]{1,4}", mode_text):
                bits = int(mode_text, 8)
            else:
                symbolic = parse_mode(mode_text, 0, False)
                if symbolic is None:
                    raise _FindError(f"invalid mode `{raw}'")
                bits = symbolic

            async def perm(f: _File, s: _State) -> bool:
                m = f.st.mode & 0o7777
                if raw.startswith("-"):
                    return m & bits == bits
                if raw.startswith("/"):
                    return bool(m & bits) or bits == 0
                return m == bits

            return perm
        if tok in ("-user", "-group", "-uid", "-gid"):
            raw = self.arg(tok)

            async def owned(f: _File, s: _State) -> bool:
                return raw in ("root", "0")

            return owned
        if tok in ("-nouser", "-nogroup"):
            return _never
        if tok == "-links":
            raw = self.arg(tok)

            async def linked(f: _File, s: _State) -> bool:
                return str(f.st.nlink) == raw.lstrip("+-")

            return linked
        if tok == "-prune":

            async def prune(f: _File, s: _State) -> bool:
                s.prune = True
                return True

            return prune
        if tok == "-quit":

            async def quit_(f: _File, s: _State) -> bool:
                s.quit = True
                return True

            return quit_
        if tok in ("-print", "-print0", "-fprint"):
            end = "\0" if tok == "-print0" else "\n"
            if tok == "-fprint":
                self.arg(tok)

            async def printer(f: _File, s: _State) -> bool:
                await s.proc.stdout.write(f.shown + end)
                return True

            return printer
        if tok == "-printf":
            fmt = self.arg(tok)

            async def printf(f: _File, s: _State) -> bool:
                await s.proc.stdout.write(_format(fmt, f, s))
                return True

            return printf
        if tok == "-ls":

            async def listing(f: _File, s: _State) -> bool:
                blocks = -(-f.st.size // 1024) if f.st.kind == "file" else 4
                when = time.strftime("%b %e %H:%M", time.gmtime(f.st.mtime))
                line = f"{f.st.ino:>9} {blocks:>6} {mode_string(f.st.kind, f.st.mode)} {f.st.nlink:>3} root     root     {f.st.size:>8} {when} {f.shown}"
                if f.st.kind == "symlink":
                    line += " -> " + s.proc.fs.readlink(f.path)
                await s.proc.stdout.write(line + "\n")
                return True

            return listing
        if tok == "-delete":
            o.depth_first = True

            async def delete(f: _File, s: _State) -> bool:
                if f.shown in (".",):
                    return True
                try:
                    if f.st.kind == "dir":
                        s.proc.fs.rmdir(f.path)
                    else:
                        s.proc.fs.remove(f.path)
                except FSError as err:
                    await s.proc.error(f"cannot delete ‘{f.shown}’: {err.strerror}")
                    s.status = 1
                    return False
                return True

            return delete
        if tok in ("-exec", "-execdir", "-ok", "-okdir"):
            parts: list[str] = []
            while True:
                if self.i >= len(self.tokens):
                    raise _FindError(f"missing argument to `{tok}'")
                part = self.take()
                if part == ";":
                    batch = False
                    break
                if part == "+" and parts and parts[-1] == "{}":
                    parts.pop()
                    batch = True
                    break
                parts.append(part)
            if not parts:
                raise _FindError(f"missing argument to `{tok}'")
            self.exec_id += 1
            ident = self.exec_id
            if batch:
                self.batch_commands[ident] = parts
            in_dir = tok.endswith("dir")

            async def execute(f: _File, s: _State) -> bool:
                shown = "./" + _base(f.shown) if in_dir else f.shown
                if batch:
                    s.batches.setdefault(ident, []).append(shown)
                    return True
                argv = [p.replace("{}", shown) for p in parts]
                return await _run(s, argv) == 0

            return execute
        if tok.startswith("-"):
            raise _FindError(f"unknown predicate `{tok}'")
        raise _FindError(f"paths must precede expression: `{tok}'")


async def _run(s: _State, argv: list[str]) -> int:
    """Run one -exec command; its status only decides the predicate (``;`` form)."""
    try:
        return await s.proc.spawn(argv, StringInput(""))
    except CommandNotFound:
        await s.proc.error(f"‘{argv[0]}’: No such file or directory")
        return 127


async def _always(f: _File, s: _State) -> bool:
    return True


async def _never(f: _File, s: _State) -> bool:
    return False


def _and(a: Test, b: Test) -> Test:
    async def both(f: _File, s: _State) -> bool:
        return await a(f, s) and await b(f, s)

    return both


def _or(a: Test, b: Test) -> Test:
    async def either(f: _File, s: _State) -> bool:
        return await a(f, s) or await b(f, s)

    return either


def _comma(a: Test, b: Test) -> Test:
    async def sequence(f: _File, s: _State) -> bool:
        await a(f, s)
        return await b(f, s)

    return sequence


def _base(shown: str) -> str:
    trimmed = shown.rstrip("/")
    return trimmed.rsplit("/", 1)[-1] if trimmed else "/"


def _format(fmt: str, f: _File, s: _State) -> str:
    out: list[str] = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c == "\\" and i + 1 < len(fmt):
            out.append({"n": "\n", "t": "\t", "0": "\0", "\\": "\\"}.get(fmt[i + 1], fmt[i + 1]))
            i += 2
            continue
        if c == "%" and i + 1 < len(fmt):
            d = fmt[i + 1]
            i += 2
            if d == "p":
                out.append(f.shown)
            elif d == "f":
                out.append(_base(f.shown))
            elif d == "h":
                head = f.shown.rstrip("/").rpartition("/")[0]
                out.append(head if "/" in f.shown.rstrip("/") else ".")
            elif d == "P":
                rel = f.shown[len(f.root) :].lstrip("/")
                out.append(rel)
            elif d == "s":
                out.append(str(f.st.size))
            elif d == "d":
                out.append(str(f.depth))
            elif d == "m":
                out.append(f"{f.st.mode & 0o7777:o}")
            elif d == "M":
                out.append(mode_string(f.st.kind, f.st.mode))
            elif d == "y":
                out.append({"file": "f", "dir": "d", "symlink": "l", "device": "c"}[f.st.kind])
            elif d == "u" or d == "g":
                out.append("root")
            elif d == "U" or d == "G":
                out.append("0")
            elif d == "i":
                out.append(str(f.st.ino))
            elif d == "n":
                out.append(str(f.st.nlink))
            elif d == "l":
                out.append(s.proc.fs.readlink(f.path) if f.st.kind == "symlink" else "")
            elif d == "T" and i < len(fmt):
                spec = fmt[i]
                i += 1
                out.append(
                    time.strftime(
                        "%" + spec if spec != "+" else "%Y-%m-%d+%H:%M:%S", time.gmtime(f.st.mtime)
                    )
                )
            elif d == "t":
                out.append(
                    time.strftime("%a %b %e %H:%M:%S.0000000000 %Y", time.gmtime(f.st.mtime))
                )
            elif d == "%":
                out.append("%")
            else:
                out.append("%" + d)
            continue
        out.append(c)
        i += 1
    return "".join(out)


async def find(proc: Process) -> int:
    args = proc.argv[1:]
    if args[:1] == ["--version"]:
        await proc.stdout.write("find (GNU findutils) 4.9.0\n")
        return 0
    if args[:1] == ["--help"]:
        await proc.stdout.write(
            f"Usage: {proc.argv[0]} [-H] [-L] [-P] [-Olevel] [-D debugopts] [path...] [expression]\n"
        )
        return 0
    options = _Options()
    while args and args[0] in ("-H", "-L", "-P"):
        options.follow = args.pop(0) == "-L"
    roots: list[str] = []
    while (
        args
        and not (args[0].startswith("-") and len(args[0]) > 1)
        and args[0] not in ("(", "!", ")", ",")
    ):
        roots.append(args.pop(0))
    if not roots:
        roots = ["."]
    parser = _Parser(args, options, proc)
    try:
        expr = parser.parse()
    except _FindError as err:
        await proc.error(str(err))
        return 1
    if not options.has_action:
        printer = parser.primary("-print")
        options.has_action = False
        expr = _and(expr, printer)
    state = _State(proc=proc, now=time.time())
    for root in roots:
        path = proc.path(root)
        st = proc.fs.stat(path) if options.follow else proc.fs.lstat(path)
        if st is None:
            await proc.error(f"‘{root}’: No such file or directory")
            state.status = 1
            continue
        await _visit(_File(root, path, st, 0, root), expr, options, state)
        if state.quit:
            break
    for ident, items in state.batches.items():
        parts = parser.batch_commands.get(ident)
        if parts and items and await _run(state, [*parts, *items]) != 0:
            state.status = 1
    return state.status


async def _evaluate(expr: Test, f: _File, s: _State) -> None:
    """Apply the expression; a file that went away meanwhile (``-delete``) just fails it."""
    try:
        await expr(f, s)
    except FSError:
        return


async def _visit(f: _File, expr: Test, o: _Options, s: _State) -> None:
    await s.proc.checkpoint()
    s.prune = False
    in_range = f.depth >= o.mindepth
    if not o.depth_first and in_range:
        await _evaluate(expr, f, s)
        if s.quit:
            return
    descend = f.st.kind == "dir" and not (s.prune and not o.depth_first)
    if descend and (o.maxdepth is None or f.depth < o.maxdepth):
        try:
            names = s.proc.fs.listdir(f.path)
        except FSError:
            names = []
        for name in names:
            child_path = f"{f.path.rstrip('/')}/{name}"
            shown = f"{f.shown}{name}" if f.shown.endswith("/") else f"{f.shown}/{name}"
            st = s.proc.fs.stat(child_path) if o.follow else s.proc.fs.lstat(child_path)
            if st is None:
                st = s.proc.fs.lstat(child_path)
            if st is None:
                continue
            await _visit(_File(shown, child_path, st, f.depth + 1, f.root), expr, o, s)
            if s.quit:
                return
    if o.depth_first and in_range:
        await _evaluate(expr, f, s)
