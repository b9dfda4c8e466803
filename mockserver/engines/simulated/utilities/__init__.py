"""The simulated sandbox's utilities (ls, cat, grep, sed, ...), by name.

Each module holds one family; each utility is an ``async (Process) -> int`` that follows its
GNU counterpart as installed on Debian: the same output, exit status and form of messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mockserver.engines.simulated.process import Utility
from mockserver.engines.simulated.utilities import (
    archives,
    awk,
    blocks,
    checksums,
    columns,
    compare,
    control,
    copying,
    dump,
    ends,
    expr,
    files,
    find,
    fsinfo,
    generators,
    grep,
    layout,
    listing,
    misc,
    paths,
    sed,
    sorting,
    splitting,
    system,
    tempfiles,
    text,
    translate,
    xargs,
)
from mockserver.engines.simulated.utilities.guard import guarded

_TABLE: dict[str, Utility] = {
    # text.py
    "cat": text.cat,
    "head": ends.head,
    "tail": ends.tail,
    "wc": text.wc,
    "tee": text.tee,
    "tac": text.tac,
    "rev": text.rev,
    "nl": text.nl,
    # listing.py
    "ls": listing.ls,
    # files.py
    "mkdir": files.mkdir,
    "rmdir": files.rmdir,
    "touch": files.touch,
    "rm": files.rm,
    "chmod": files.chmod,
    # copying.py
    "cp": copying.cp,
    "mv": copying.mv,
    "ln": copying.ln,
    # sorting.py, columns.py, translate.py
    "sort": sorting.sort,
    "uniq": columns.uniq,
    "cut": columns.cut,
    "paste": columns.paste,
    "comm": columns.comm,
    "tr": translate.tr,
    # generators.py
    "seq": generators.seq,
    "yes": generators.yes,
    "shuf": generators.shuf,
    # paths.py
    "basename": paths.basename,
    "dirname": paths.dirname,
    "realpath": paths.realpath,
    "readlink": paths.readlink,
    # grep.py, find.py, xargs.py, sed.py
    "grep": grep.grep,
    "egrep": grep.egrep,
    "fgrep": grep.fgrep,
    "find": find.find,
    "xargs": xargs.xargs,
    "sed": sed.sed,
    "awk": awk.awk,
    "mawk": awk.awk,
    "nawk": awk.awk,
    # fsinfo.py
    "stat": fsinfo.stat,
    "du": fsinfo.du,
    "df": fsinfo.df,
    "file": fsinfo.file,
    # checksums.py
    "md5sum": checksums.md5sum,
    "sha1sum": checksums.sha1sum,
    "sha256sum": checksums.sha256sum,
    "sha512sum": checksums.sha512sum,
    "base64": checksums.base64,
    "cksum": checksums.cksum,
    "sha224sum": checksums.sha224sum,
    "sha384sum": checksums.sha384sum,
    "b2sum": checksums.b2sum,
    # misc.py
    "link": misc.link,
    "unlink": misc.unlink,
    "sync": misc.sync,
    "tty": misc.tty,
    "nice": misc.nice,
    "stdbuf": misc.stdbuf,
    "factor": misc.factor,
    # expr.py
    "expr": expr.expr,
    # compare.py, dump.py, layout.py
    "diff": compare.diff,
    "cmp": compare.cmp,
    "od": dump.od,
    "xxd": dump.xxd,
    "hexdump": dump.hexdump,
    "fold": layout.fold,
    "expand": layout.expand,
    "unexpand": layout.unexpand,
    "column": layout.column,
    # archives.py
    "tar": archives.tar,
    "gzip": archives.gzip,
    "gunzip": archives.gzip,
    "zcat": archives.gzip,
    # tempfiles.py, blocks.py, splitting.py, control.py
    "mktemp": tempfiles.mktemp,
    "dd": blocks.dd,
    "truncate": blocks.truncate,
    "split": splitting.split,
    "timeout": control.timeout,
    "nohup": control.nohup,
    # system.py
    "uname": system.uname,
    "hostname": system.hostname,
    "whoami": system.whoami,
    "id": system.id_,
    "groups": system.groups,
    "nproc": system.nproc,
    "arch": system.arch,
    "printenv": system.printenv,
    "date": system.date,
    "which": system.which,
}

UTILITIES: Mapping[str, Utility] = MappingProxyType(
    {name: guarded(name, utility) for name, utility in _TABLE.items()}
)

__all__ = ["UTILITIES"]
