"""The simulated sandbox's utilities (ls, cat, grep, ...), by name.

Each module holds one family; each utility is an ``async (Process) -> int`` that follows its
GNU counterpart as installed on Debian: the same output, exit status and form of messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mockserver.engines.simulated.process import Utility
from mockserver.engines.simulated.utilities import copying, files, listing, text

UTILITIES: Mapping[str, Utility] = MappingProxyType(
    {
        "cat": text.cat,
        "head": text.head,
        "tail": text.tail,
        "wc": text.wc,
        "tee": text.tee,
        "tac": text.tac,
        "rev": text.rev,
        "nl": text.nl,
        "ls": listing.ls,
        "mkdir": files.mkdir,
        "rmdir": files.rmdir,
        "touch": files.touch,
        "rm": files.rm,
        "chmod": files.chmod,
        "cp": copying.cp,
        "mv": copying.mv,
        "ln": copying.ln,
    }
)

__all__ = ["UTILITIES"]
