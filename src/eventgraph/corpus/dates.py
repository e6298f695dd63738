"""Publication dates as written in metadata: ISO dates, possibly partial (``2021``, ``2021-08``)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..model import TimeValue

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")


def _next_month(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1)


def year_value(year: int, source: str, confidence: float = 1.0, mod: str | None = None) -> TimeValue:
    return TimeValue(
        f"{year:04d}", f"{year:04d}-01-01", f"{year + 1:04d}-01-01", "year", source, confidence, mod
    )


def parse_partial_date(text: str, source: str = "metadata", confidence: float = 1.0) -> TimeValue:
    """Parse ``2021``, ``2021-08``, ``2021-08-20`` or an ISO timestamp, keeping the precision written.

    Raises ValueError for anything else, with the offending value in the message.
    """
    raw = (text or "").strip()
    match = _ISO.fullmatch(raw)
    if not match:
        raise ValueError(f"not an ISO date (expected YYYY, YYYY-MM or YYYY-MM-DD): {raw!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if not 1 <= year <= 9998:
        raise ValueError(f"year out of range: {raw!r}")
    if month is None:
        return year_value(year, source, confidence)
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {raw!r}")
    if day is None:
        start = dt.date(year, month, 1)
        return TimeValue(
            f"{year:04d}-{month:02d}",
            start.isoformat(),
            _next_month(year, month).isoformat(),
            "month",
            source,
            confidence,
        )
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"day out of range: {raw!r}")
    start = dt.date(year, month, day)
    return TimeValue(
        start.isoformat(),
        start.isoformat(),
        (start + dt.timedelta(days=1)).isoformat(),
        "day",
        source,
        confidence,
    )
