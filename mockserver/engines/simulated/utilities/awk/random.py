"""``rand``/``srand`` as mawk on glibc has them: ``srandom(seed)`` then ``random() / RAND_MAX``.

glibc's default generator (TYPE_3: an additive feedback generator over 31 words, seeded by a
Lehmer generator) is reproduced here, so ``srand(1); print rand()`` prints what mawk prints.
"""

from __future__ import annotations

import time

RAND_MAX = 2147483647


class GlibcRandom:
    def __init__(self) -> None:
        self._r: list[int] = []
        self._i = 0
        #: The argument of the last ``srand`` (mawk starts with a time-based seed).
        self.seed_value: float | str = float(time.time_ns())
        self.seed(int(self.seed_value % 4294967295.0))

    def seed(self, seed: int) -> None:
        seed &= 0xFFFFFFFF
        if seed == 0:
            seed = 1
        r = [0] * 34
        r[0] = seed - (1 << 32) if seed >= 1 << 31 else seed
        for i in range(1, 31):
            hi, lo = divmod(r[i - 1], 127773) if r[i - 1] >= 0 else _cdivmod(r[i - 1], 127773)
            word = 16807 * lo - 2836 * hi
            if word < 0:
                word += 2147483647
            r[i] = word
        for i in range(31, 34):
            r[i] = r[i - 31]
        self._r = [x & 0xFFFFFFFF for x in r]
        for _ in range(310):
            self._step()

    def _step(self) -> int:
        r = self._r
        value = (r[-31] + r[-3]) & 0xFFFFFFFF
        r.append(value)
        if len(r) > 64:
            del r[:-34]
        return value >> 1

    def random(self) -> int:
        return self._step()

    def rand(self) -> float:
        return self.random() / RAND_MAX


def _cdivmod(a: int, b: int) -> tuple[int, int]:
    """C's truncating division and remainder."""
    q = abs(a) // abs(b)
    q = q if (a >= 0) == (b >= 0) else -q
    return q, a - q * b
