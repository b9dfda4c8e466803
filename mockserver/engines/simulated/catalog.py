"""What exists in a simulated sandbox, in one place: its directories and files, where programs
live, which builtins are also programs, and the devices of ``/dev``.

The layout is Debian 12's: ``/bin``, ``/sbin`` and ``/lib`` are symbolic links into ``/usr``
(the merged ``/usr``), so ``/bin/ls`` and ``/usr/bin/ls`` are one file; every program is a file
of ``/usr/bin``; ``/dev/stdin``, ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd`` are links to
``/proc/self/fd``, whose entries are the opening process's own descriptors. Nothing here runs:
:mod:`vfs` builds the tree from these tables and the interpreter finds programs in it by
``$PATH``, so a command exists for ``ls``, ``which``, ``command -v``, ``xargs`` and
``find -exec`` alike exactly when its file does.
"""

from __future__ import annotations

from collections.abc import Iterable

#: dash's default search path, and the one a sandbox without ``PATH`` gets.
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#: Where every program is.
PROGRAM_DIR = "/usr/bin"
#: Top-level directories that are symbolic links into ``/usr`` (Debian's merged ``/usr``).
MERGED_USR: tuple[tuple[str, str], ...] = (
    ("/bin", "usr/bin"),
    ("/sbin", "usr/sbin"),
    ("/lib", "usr/lib"),
)
#: dash's builtins that are also programs in /usr/bin (coreutils' ``echo``, ``test``, ``[``...,
#: procps' ``kill``): ``/bin/echo`` and ``env echo`` find them.
PROGRAM_BUILTINS = frozenset({"echo", "printf", "test", "[", "true", "false", "pwd", "kill"})
#: Programs the interpreter runs itself, as builtins do (they start a shell, or run a command
#: in another environment), which dash has no builtin for: ``command -v sh`` is ``/usr/bin/sh``
#: and they are found on ``$PATH`` like any program.
SHELL_PROGRAMS = frozenset({"sh", "dash", "bash", "env", "sleep"})
#: Programs that are symbolic links to another program (``/usr/bin/sh -> dash``).
PROGRAM_LINKS: tuple[tuple[str, str], ...] = (("sh", "dash"),)

#: The character devices of /dev: name, (major, minor) as Linux numbers them.
DEVICES: tuple[tuple[str, tuple[int, int]], ...] = (
    ("null", (1, 3)),
    ("zero", (1, 5)),
    ("full", (1, 7)),
    ("random", (1, 8)),
    ("urandom", (1, 9)),
    ("tty", (5, 0)),
)
#: The directory whose entry ``N`` is the opening process's descriptor N.
DESCRIPTOR_DIR = "/proc/self/fd"
#: Symbolic links of /dev to the process's descriptors.
DEVICE_LINKS: tuple[tuple[str, str], ...] = (
    ("/dev/fd", DESCRIPTOR_DIR),
    ("/dev/stdin", f"{DESCRIPTOR_DIR}/0"),
    ("/dev/stdout", f"{DESCRIPTOR_DIR}/1"),
    ("/dev/stderr", f"{DESCRIPTOR_DIR}/2"),
)

DIRECTORIES: tuple[tuple[str, int], ...] = (
    ("/usr", 0o755),
    ("/usr/bin", 0o755),
    ("/usr/sbin", 0o755),
    ("/usr/lib", 0o755),
    ("/usr/local", 0o755),
    ("/usr/local/bin", 0o755),
    ("/usr/local/sbin", 0o755),
    ("/usr/share", 0o755),
    ("/etc", 0o755),
    ("/tmp", 0o1777),
    ("/dev", 0o755),
    ("/home", 0o755),
    ("/home/user", 0o755),
    ("/root", 0o700),
    ("/proc", 0o555),
    ("/proc/self", 0o555),
    (DESCRIPTOR_DIR, 0o500),
    ("/var", 0o755),
    ("/var/log", 0o755),
    ("/var/tmp", 0o1777),
    ("/opt", 0o755),
    ("/srv", 0o755),
    ("/mnt", 0o755),
    ("/app", 0o755),
)

_PASSWD = (
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
    "sync:x:4:65534:sync:/bin:/bin/sync\n"
    "games:x:5:60:games:/usr/games:/usr/sbin/nologin\n"
    "man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n"
    "lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\n"
    "mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n"
    "news:x:9:9:news:/var/spool/news:/usr/sbin/nologin\n"
    "uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin\n"
    "proxy:x:13:13:proxy:/bin:/usr/sbin/nologin\n"
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    "backup:x:34:34:backup:/var/backups:/usr/sbin/nologin\n"
    "list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin\n"
    "irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin\n"
    "_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
    "user:x:1000:1000::/home/user:/bin/bash\n"
)
_GROUP = "".join(
    f"{name}:x:{gid}:\n"
    for name, gid in (
        ("root", 0),
        ("daemon", 1),
        ("bin", 2),
        ("sys", 3),
        ("adm", 4),
        ("tty", 5),
        ("disk", 6),
        ("lp", 7),
        ("mail", 8),
        ("news", 9),
        ("uucp", 10),
        ("man", 12),
        ("proxy", 13),
        ("kmem", 15),
        ("dialout", 20),
        ("fax", 21),
        ("voice", 22),
        ("cdrom", 24),
        ("floppy", 25),
        ("tape", 26),
        ("sudo", 27),
        ("audio", 29),
        ("dip", 30),
        ("www-data", 33),
        ("backup", 34),
        ("operator", 37),
        ("list", 38),
        ("irc", 39),
        ("src", 40),
        ("shadow", 42),
        ("utmp", 43),
        ("video", 44),
        ("sasl", 45),
        ("plugdev", 46),
        ("staff", 50),
        ("games", 60),
        ("users", 100),
        ("nogroup", 65534),
        ("user", 1000),
    )
)
_OS_RELEASE = (
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'
    'NAME="Debian GNU/Linux"\n'
    'VERSION_ID="12"\n'
    'VERSION="12 (bookworm)"\n'
    "VERSION_CODENAME=bookworm\n"
    "ID=debian\n"
    'HOME_URL="https://www.debian.org/"\n'
)
_CPU = (
    "processor\t: {n}\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
    "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\ncpu MHz\t\t: 2200.000\n"
    "cache size\t: 39424 KB\ncpu cores\t: 2\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 "
    "apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm\n\n"
)

#: Files every sandbox starts with: path, text, mode.
FILES: tuple[tuple[str, str, int], ...] = (
    ("/etc/hostname", "sandbox\n", 0o644),
    ("/etc/passwd", _PASSWD, 0o644),
    ("/etc/group", _GROUP, 0o644),
    ("/etc/os-release", _OS_RELEASE, 0o644),
    ("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n", 0o644),
    ("/etc/shells", "/bin/sh\n/bin/bash\n", 0o644),
    (
        "/proc/version",
        "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian "
        "12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC "
        "Debian 6.1.76-1 (2024-02-01)\n",
        0o444,
    ),
    ("/proc/cpuinfo", _CPU.format(n=0) + _CPU.format(n=1), 0o444),
    (
        "/proc/meminfo",
        "MemTotal:        4028440 kB\nMemFree:         3211904 kB\n"
        "MemAvailable:    3622812 kB\nBuffers:           41236 kB\nCached:           462188 kB\n"
        "SwapTotal:             0 kB\nSwapFree:              0 kB\n",
        0o444,
    ),
    ("/proc/loadavg", "0.00 0.01 0.00 1/87 4242\n", 0o444),
    (
        "/proc/mounts",
        "overlay / overlay rw,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec 0 0\n",
        0o444,
    ),
)


def program_names(utilities: Iterable[str], builtins: Iterable[str]) -> list[str]:
    """The program files of /usr/bin: every utility, and the builtins that are also programs
    (but for those that are links to another: :data:`PROGRAM_LINKS`)."""
    names = set(utilities) | ((PROGRAM_BUILTINS | SHELL_PROGRAMS) & set(builtins))
    return sorted(names - {link for link, _ in PROGRAM_LINKS})
