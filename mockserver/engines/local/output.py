"""What a process writes to one stream, as text: capped in bytes, decoded incrementally.

Bytes are decoded as UTF-8 with invalid sequences replaced by U+FFFD; a character split over
two reads is decoded once both halves have arrived. Past ``limit`` bytes the rest is counted
and dropped (the process is never stopped for it), and the caller is told once.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    #: True for the one chunk at which the stream went past its limit.
    truncated_now: bool = False


class CappedDecoder:
    def __init__(self, limit: int) -> None:
        self.limit = max(limit, 0)
        self.seen = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    @property
    def truncated(self) -> bool:
        return self.seen > self.limit

    def feed(self, data: bytes) -> Decoded:
        was_truncated = self.truncated
        room = max(self.limit - self.seen, 0)
        self.seen += len(data)
        text = self._decoder.decode(data[:room]) if room else ""
        if self.truncated and not was_truncated:
            # Nothing more will come through: a character cut at the limit ends as U+FFFD.
            return Decoded(text + self._decoder.decode(b"", final=True), truncated_now=True)
        return Decoded(text)

    def finish(self) -> str:
        """What is left at end of stream (an incomplete character becomes U+FFFD)."""
        return self._decoder.decode(b"", final=True)


def truncation_notice(stream: str, limit: int) -> str:
    return f"mockserver: {stream} truncated: output beyond {limit} bytes was dropped\n"
