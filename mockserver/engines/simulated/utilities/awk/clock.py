"""mawk's time functions: ``systime()``, ``mktime(spec)``, ``strftime([fmt [, t [, utc]]])``.

Local time is the sandbox's: the zone named by its ``TZ`` variable, UTC when unset or unknown
(never the server's own zone).
"""

from __future__ import annotations

import datetime
import time
import zoneinfo
from collections.abc import Mapping


def _zone(env: Mapping[str, str]) -> datetime.tzinfo:
    name = env.get("TZ", "").lstrip(":")
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return datetime.UTC


def systime() -> float:
    return float(int(time.time()))


def mktime(spec: str, env: Mapping[str, str]) -> float:
    """``YYYY MM DD HH MM SS [DST]`` in local time to seconds since the epoch; -1 if malformed."""
    parts = spec.split()
    try:
        numbers = [int(p) for p in parts[:6]]
    except ValueError:
        return -1.0
    if len(numbers) < 6:
        return -1.0
    year, month, day, hour, minute, second = numbers
    try:
        base = datetime.datetime(year, 1, 1, tzinfo=_zone(env))
        moment = base + datetime.timedelta(
            days=_days_before_month(year, month) + day - 1,
            hours=hour,
            minutes=minute,
            seconds=second,
        )
    except (OverflowError, ValueError):
        return -1.0
    return float(int(moment.timestamp()))


def _days_before_month(year: int, month: int) -> int:
    """Days from January 1st to the first of ``month`` (months out of 1..12 roll over)."""
    years, index = divmod(month - 1, 12)
    start = datetime.date(year, 1, 1)
    return (datetime.date(year + years, index + 1, 1) - start).days


def strftime(fmt: str, timestamp: float | None, utc: bool, env: Mapping[str, str]) -> str:
    zone = datetime.UTC if utc else _zone(env)
    when = time.time() if timestamp is None else timestamp
    try:
        moment = datetime.datetime.fromtimestamp(int(when), zone)
        return moment.strftime(fmt or "%c")
    except (OverflowError, OSError, ValueError):
        return ""
