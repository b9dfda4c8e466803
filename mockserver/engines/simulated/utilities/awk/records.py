"""Reading records by RS and splitting them into fields by FS."""

from __future__ import annotations

import re
from collections.abc import Callable

from mockserver.engines.simulated.process import InputStream
from mockserver.engines.simulated.utilities.awk.ere import Regex
from mockserver.engines.simulated.utilities.awk.values import from_stream

_CHUNK = 65536
_NONBLANK = re.compile(r"[^ \t\n]+")
_PARAGRAPH_END = re.compile(r"\n\n+")


class RecordReader:
    """Records of one input: a stream (read as needed) or a whole text."""

    def __init__(self, source: InputStream | str) -> None:
        if isinstance(source, str):
            self._stream: InputStream | None = None
            self._buf = source
            self._eof = True
        else:
            self._stream = source
            self._buf = ""
            self._eof = False
        self._pos = 0

    async def _more(self) -> bool:
        if self._eof or self._stream is None:
            self._eof = True
            return False
        chunk = await self._stream.read(_CHUNK)
        if not chunk:
            self._eof = True
            return False
        self._buf = self._buf[self._pos :] + from_stream(chunk)
        self._pos = 0
        return True

    async def read(self, rs: str, regex: Callable[[str], Regex]) -> str | None:
        """The next record (without its terminator), None at the end."""
        if rs == "":
            return await self._paragraph()
        if len(rs) == 1:
            return await self._until_char(rs)
        return await self._until_regex(regex(rs))

    async def _until_char(self, sep: str) -> str | None:
        scan = self._pos
        while True:
            index = self._buf.find(sep, scan)
            if index >= 0:
                record = self._buf[self._pos : index]
                self._pos = index + 1
                return record
            scanned = len(self._buf) - self._pos
            if not await self._more():
                return self._rest()
            scan = self._pos + scanned

    def _rest(self) -> str | None:
        if self._pos >= len(self._buf):
            return None
        record = self._buf[self._pos :]
        self._buf, self._pos = "", 0
        return record

    async def _paragraph(self) -> str | None:
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] == "\n":
                self._pos += 1
            if self._pos < len(self._buf) or not await self._more():
                break
        while True:
            m = _PARAGRAPH_END.search(self._buf, self._pos)
            if m is not None and (m.end() < len(self._buf) or self._eof):
                record = self._buf[self._pos : m.start()]
                self._pos = m.end()
                return record
            if not await self._more():
                rest = self._rest()
                return None if rest is None else rest.rstrip("\n") or None

    async def _until_regex(self, sep: Regex) -> str | None:
        while True:
            found = sep.search(self._buf, self._pos)
            while found is not None and found[0] == found[1]:
                found = sep.search(self._buf, found[1] + 1) if found[1] < len(self._buf) else None
            if found is not None and (found[1] < len(self._buf) or self._eof):
                record = self._buf[self._pos : found[0]]
                self._pos = found[1]
                return record
            if not await self._more():
                return self._rest()


def split_fields(text: str, fs: str, regex: Callable[[str], Regex]) -> list[str]:
    """``text`` split as FS says (mawk adds no newline separator in paragraph mode)."""
    if not text:
        return []
    if fs == " ":
        return _NONBLANK.findall(text)
    if fs == "":
        return list(text)
    if len(fs) == 1:
        return text.split(fs)
    return _regex_split(text, regex(fs))


def _regex_split(text: str, sep: Regex) -> list[str]:
    fields: list[str] = []
    pos = 0
    search_from = 0
    while search_from <= len(text):
        found = sep.search(text, search_from)
        if found is None:
            break
        start, end = found
        if start == end:  # an empty match separates nothing
            search_from = start + 1
            continue
        fields.append(text[pos:start])
        pos = search_from = end
    fields.append(text[pos:])
    return fields


def regex_fields(text: str, sep: Regex) -> list[str]:
    """``split(s, a, /re/)`` (an empty expression splits into characters)."""
    if not text:
        return []
    if sep.source == "":
        return list(text)
    return _regex_split(text, sep)


__all__ = ["RecordReader", "regex_fields", "split_fields"]
