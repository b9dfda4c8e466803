"""Utilities that describe the (simulated) system: uname, hostname, whoami, id, groups, nproc,
arch, printenv, date, which."""

from __future__ import annotations

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import locale_quote
from mockserver.engines.simulated.vfs import FSError

KERNEL_RELEASE = "6.1.0-18-amd64"
KERNEL_VERSION = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"
MACHINE = "x86_64"
CPUS = 2


def hostname_of(proc: Process) -> str:
    try:
        return proc.fs.read_text("/etc/hostname").strip() or "sandbox"
    except FSError:
        return "sandbox"


_UNAME_LONG = {
    **STANDARD_LONG,
    "all": ("a", "none"),
    "kernel-name": ("s", "none"),
    "nodename": ("n", "none"),
    "kernel-release": ("r", "none"),
    "kernel-version": ("v", "none"),
    "machine": ("m", "none"),
    "processor": ("p", "none"),
    "hardware-platform": ("i", "none"),
    "operating-system": ("o", "none"),
}


async def uname(proc: Process) -> int:
    opts = await parse_or_answer(proc, proc.argv[1:], "asnrvmpio", _UNAME_LONG, usage="[OPTION]...")
    if isinstance(opts, int):
        return opts
    if opts.operands:
        return await usage_error(proc, f"extra operand {locale_quote(opts.operands[0])}")
    fields = {
        "s": "Linux",
        "n": hostname_of(proc),
        "r": KERNEL_RELEASE,
        "v": KERNEL_VERSION,
        "m": MACHINE,
        "p": "unknown",
        "i": "unknown",
        "o": "GNU/Linux",
    }
    if opts.has("a"):
        chosen = [k for k in "snrvmpio" if k not in "pi" or opts.has(k)]
    else:
        chosen = [k for k in "snrvmpio" if opts.has(k)] or ["s"]
    await proc.stdout.write(" ".join(fields[k] for k in chosen) + "\n")
    return 0


async def hostname(proc: Process) -> int:
    args = proc.argv[1:]
    if args and args[0] in ("-i", "-I", "--ip-address", "--all-ip-addresses"):
        await proc.stdout.write(
            "127.0.0.1\n" if args[0] in ("-i", "--ip-address") else "10.0.0.2 \n"
        )
        return 0
    if args and not args[0].startswith("-"):
        await proc.error("you must be root to change the host name")
        return 1
    name = hostname_of(proc)
    if args and args[0] in ("-s", "--short"):
        name = name.split(".")[0]
    await proc.stdout.write(name + "\n")
    return 0


async def whoami(proc: Process) -> int:
    if len(proc.argv) > 1 and proc.argv[1] not in ("--help", "--version"):
        return await usage_error(proc, f"extra operand {locale_quote(proc.argv[1])}")
    await proc.stdout.write("root\n")
    return 0


def _user(proc: Process, name: str) -> tuple[int, int, str] | None:
    try:
        text = proc.fs.read_text("/etc/passwd")
    except FSError:
        return None
    for line in text.splitlines():
        parts = line.split(":")
        if len(parts) >= 4 and (parts[0] == name or parts[2] == name):
            return int(parts[2]), int(parts[3]), parts[0]
    return None


def _group_name(proc: Process, gid: int) -> str:
    try:
        text = proc.fs.read_text("/etc/group")
    except FSError:
        return str(gid)
    for line in text.splitlines():
        parts = line.split(":")
        if len(parts) >= 3 and parts[2] == str(gid):
            return parts[0]
    return str(gid)


async def id_(proc: Process) -> int:
    opts = await parse_or_answer(
        proc,
        proc.argv[1:],
        "ugGnrz",
        {
            **STANDARD_LONG,
            "user": ("u", "none"),
            "group": ("g", "none"),
            "groups": ("G", "none"),
            "name": ("n", "none"),
            "real": ("r", "none"),
        },
        usage="[OPTION]... [USER]...",
    )
    if isinstance(opts, int):
        return opts
    who = opts.operands[0] if opts.operands else "root"
    found = _user(proc, who)
    if found is None:
        await proc.error(f"{locale_quote(who)}: no such user")
        return 1
    uid, gid, name = found
    group = _group_name(proc, gid)
    if opts.has("u"):
        await proc.stdout.write((name if opts.has("n") else str(uid)) + "\n")
    elif opts.has("g") or opts.has("G"):
        await proc.stdout.write((group if opts.has("n") else str(gid)) + "\n")
    else:
        await proc.stdout.write(f"uid={uid}({name}) gid={gid}({group}) groups={gid}({group})\n")
    return 0


async def groups(proc: Process) -> int:
    await proc.stdout.write("root\n")
    return 0


async def nproc(proc: Process) -> int:
    await proc.stdout.write(f"{CPUS}\n")
    return 0


async def arch(proc: Process) -> int:
    await proc.stdout.write(f"{MACHINE}\n")
    return 0


async def printenv(proc: Process) -> int:
    names = [a for a in proc.argv[1:] if not a.startswith("-")]
    if not names:
        await proc.stdout.write("".join(f"{k}={v}\n" for k, v in proc.env.items()))
        return 0
    status = 0
    for name in names:
        if name in proc.env:
            await proc.stdout.write(proc.env[name] + "\n")
        else:
            status = 1
    return status


# ------------------------------------------------------------------------------------ date

_DATE_LONG = {
    **STANDARD_LONG,
    "date": ("d", "required"),
    "utc": ("u", "none"),
    "universal": ("u", "none"),
    "iso-8601": ("I", "optional"),
    "rfc-email": ("R", "none"),
    "rfc-3339": ("rfc-3339", "required"),
    "reference": ("r", "required"),
    "set": ("s", "required"),
}
_RELATIVE = re.compile(r"([-+]?\d+)\s*(second|sec|minute|min|hour|day|week|month|year)s?(\s+ago)?")


def _zone(proc: Process, utc: bool) -> dt.tzinfo:
    name = proc.env.get("TZ", "")
    if utc or not name:
        return dt.UTC
    try:
        return ZoneInfo(name.lstrip(":"))
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def parse_date(text: str, now: dt.datetime) -> dt.datetime | None:
    """The common forms of ``date -d``: @EPOCH, ISO dates and times, now/today/yesterday/tomorrow
    and relative offsets like ``2 days ago`` or ``+1 hour``."""
    s = text.strip().lower()
    if s.startswith("@"):
        try:
            return dt.datetime.fromtimestamp(float(s[1:]), now.tzinfo)
        except ValueError:
            return None
    base = now
    words = {"now": 0, "today": 0, "yesterday": -1, "tomorrow": 1}
    for word, days in words.items():
        if s.startswith(word):
            base = now + dt.timedelta(days=days)
            s = s[len(word) :].strip()
            break
    else:
        m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2}))?)?", s)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            hh, mm, ss = (int(m.group(i) or 0) for i in (4, 5, 6))
            try:
                base = dt.datetime(y, mo, d, hh, mm, ss, tzinfo=now.tzinfo)
            except ValueError:
                return None
            s = s[m.end() :].strip()
            if s in ("z", "utc", "+00:00", "+0000"):
                base = base.replace(tzinfo=dt.UTC)
                s = ""
    while s:
        m = _RELATIVE.match(s)
        if m is None:
            return None
        n = int(m.group(1)) * (-1 if m.group(3) else 1)
        unit = m.group(2)
        if unit in ("second", "sec"):
            base += dt.timedelta(seconds=n)
        elif unit in ("minute", "min"):
            base += dt.timedelta(minutes=n)
        elif unit == "hour":
            base += dt.timedelta(hours=n)
        elif unit == "day":
            base += dt.timedelta(days=n)
        elif unit == "week":
            base += dt.timedelta(weeks=n)
        else:
            months = n * (12 if unit == "year" else 1)
            total = base.month - 1 + months
            year, month = base.year + total // 12, total % 12 + 1
            try:
                base = base.replace(year=year, month=month)
            except ValueError:
                base = base.replace(year=year, month=month, day=28)
        s = s[m.end() :].strip()
    return base


def format_date(fmt: str, when: dt.datetime) -> str:
    """``strftime`` with GNU's additions: %N, %:z, %-d style padding flags."""
    out: list[str] = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%" or i + 1 >= len(fmt):
            out.append(c)
            i += 1
            continue
        j = i + 1
        flag = ""
        if fmt[j] in "-_0^#":
            flag = fmt[j]
            j += 1
        if fmt.startswith(":z", j):
            off = when.strftime("%z")
            out.append(off[:3] + ":" + off[3:])
            i = j + 2
            continue
        if j >= len(fmt):
            out.append(fmt[i:])
            break
        d = fmt[j]
        if d == "N":
            text = f"{when.microsecond * 1000:09d}"
        elif d == "s":
            text = str(int(when.timestamp()))
        elif d == "q":
            text = str((when.month - 1) // 3 + 1)
        elif d == "P":
            text = when.strftime("%p").lower()
        else:
            text = when.strftime("%" + d)
        if flag == "-":
            text = text.lstrip("0 ") or "0"
        elif flag == "_":
            stripped = text.lstrip("0")
            text = " " * (len(text) - len(stripped)) + stripped if stripped else text
        elif flag == "^":
            text = text.upper()
        out.append(text)
        i = j + 1
    return "".join(out)


async def date(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "d:uI::Rr:s:", _DATE_LONG, usage="[OPTION]... [+FORMAT]"
    )
    if isinstance(opts, int):
        return opts
    zone = _zone(proc, opts.has("u"))
    now = dt.datetime.fromtimestamp(time.time(), zone)
    when = now
    given = opts.last("d")
    if given is not None:
        parsed = parse_date(given, now)
        if parsed is None:
            await proc.error(f"invalid date {locale_quote(given)}")
            return 1
        when = parsed
    ref = opts.last("r")
    if ref is not None:
        st = proc.fs.stat(proc.path(ref))
        if st is None:
            await proc.error(f"{ref}: No such file or directory")
            return 1
        when = dt.datetime.fromtimestamp(st.mtime, zone)
    fmt = "%a %b %e %H:%M:%S %Z %Y"
    formats = [o for o in opts.operands if o.startswith("+")]
    others = [o for o in opts.operands if not o.startswith("+")]
    if others:
        await proc.error(f"invalid date {locale_quote(others[0])}")
        return 1
    if len(formats) > 1:
        return await usage_error(proc, f"extra operand {locale_quote(formats[1])}")
    if formats:
        fmt = formats[0][1:]
    elif opts.has("I"):
        spec = opts.last("I") or "date"
        fmt = {
            "date": "%Y-%m-%d",
            "hours": "%Y-%m-%dT%H%:z",
            "minutes": "%Y-%m-%dT%H:%M%:z",
            "seconds": "%Y-%m-%dT%H:%M:%S%:z",
            "ns": "%Y-%m-%dT%H:%M:%S,%N%:z",
        }.get(spec, "%Y-%m-%d")
    elif opts.has("R"):
        fmt = "%a, %d %b %Y %H:%M:%S %z"
    elif opts.last("rfc-3339") is not None:
        rfc = opts.last("rfc-3339") or ""
        fmt = {
            "date": "%Y-%m-%d",
            "seconds": "%Y-%m-%d %H:%M:%S%:z",
            "ns": "%Y-%m-%d %H:%M:%S.%N%:z",
        }.get(rfc, "%Y-%m-%d %H:%M:%S%:z")
    await proc.stdout.write(format_date(fmt, when) + "\n")
    return 0


# ------------------------------------------------------------------------------------ which


async def which(proc: Process) -> int:
    args = proc.argv[1:]
    show_all = False
    while args and args[0].startswith("-") and len(args[0]) > 1:
        if args[0] == "-a":
            show_all = True
        args = args[1:]
    if not args:
        return 1
    path_dirs = [d or "." for d in proc.env.get("PATH", "/usr/bin:/bin").split(":")]
    status = 0
    for name in args:
        found: list[str] = []
        candidates = [name] if "/" in name else [f"{d.rstrip('/')}/{name}" for d in path_dirs]
        for candidate in candidates:
            st = proc.fs.stat(proc.path(candidate))
            if st is not None and st.kind == "file" and st.mode & 0o111:
                found.append(candidate)
                if not show_all:
                    break
        if found:
            await proc.stdout.write("".join(f + "\n" for f in found))
        else:
            status = 1
    return status
