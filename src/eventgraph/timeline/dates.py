"""Human-readable dates at their own precision: "2014", "Aug 2020", "14 Sep 2020", "autumn 2020", "c. 2006".

A date is never shown more precisely than it is known: "2014" is never "1 Jan 2014". The TIMEX3 ``value``
is the primary input (it carries seasons, quarters, decades that ``start``/``end`` cannot express); the
interval [start, end) is the fallback for values we do not recognise, and for ranges.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
QUARTERS = {"Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "Q4": "Q4", "H1": "H1", "H2": "H2"}
# TIMEX3 mod values and how a briefing says them.
MODS = {
    "APPROX": "c. {}",
    "START": "early {}",
    "MID": "mid-{}",
    "END": "late {}",
    "BEFORE": "before {}",
    "AFTER": "after {}",
    "ON_OR_BEFORE": "by {}",
    "ON_OR_AFTER": "from {}",
    "LESS_THAN": "before {}",
    "MORE_THAN": "after {}",
}
UNDATED = "undated"

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_PART = re.compile(r"^(\d{4})-(Q[1-4]|H[12])$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_DECADE = re.compile(r"^(\d{3})X$")
_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def format_value(value: str | None) -> str | None:
    """Format one TIMEX3 date value at the precision it states, or ``None`` if it is not one we know."""
    if not value:
        return None
    if m := _DAY.match(value):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if not 1 <= mo <= 12:
            return None
        text = f"{d} {MONTHS[mo - 1]} {y}"
        if m[4] is not None:  # a time of day: show what is known, hours and minutes
            text += f", {m[4]}:{m[5] or '00'}"
        return text
    if m := _MONTH.match(value):
        mo = int(m[2])
        return f"{MONTHS[mo - 1]} {m[1]}" if 1 <= mo <= 12 else None
    if m := _YEAR.match(value):
        return m[1]
    if m := _SEASON.match(value):
        return f"{SEASONS[m[2]]} {m[1]}"
    if m := _PART.match(value):
        return f"{QUARTERS[m[2]]} {m[1]}"
    if m := _WEEK.match(value):
        return f"week {int(m[2])}, {m[1]}"
    if m := _DECADE.match(value):
        return f"{m[1]}0s"
    if m := _CENTURY.match(value):
        return f"{_ordinal(int(m[1]) + 1)} century"
    return None


def _format_range_parts(a: str, b: str) -> str | None:
    """``2014/2016`` → "2014–2016"; shares the common year/month: "14–16 Sep 2020", "Aug–Sep 2020"."""
    fa, fb = format_value(a), format_value(b)
    if not fa or not fb:
        return None
    da, db = _DAY.match(a), _DAY.match(b)
    if da and db and da[4] is None and db[4] is None:
        if da[1] == db[1] and da[2] == db[2]:
            return f"{int(da[3])}–{fb}"
        if da[1] == db[1]:
            return f"{int(da[3])} {MONTHS[int(da[2]) - 1]} – {fb}"
    ma, mb = _MONTH.match(a), _MONTH.match(b)
    if ma and mb and ma[1] == mb[1]:
        return f"{MONTHS[int(ma[2]) - 1]}–{fb}"
    if fa == fb:
        return fa
    return f"{fa} – {fb}" if " " in fa or " " in fb else f"{fa}–{fb}"


def _from_interval(start: str | None, end: str | None) -> str | None:
    """Fallback when the value is not a form we know: describe the interval [start, end) itself."""
    ds, de = _iso(start), _iso(end)
    if ds is None:
        return None
    if de is None or de <= ds:
        return None  # an open interval: we only know the start, which is not a date at any precision
    last = de - timedelta(days=1)  # end is exclusive
    whole_years = ds.month == ds.day == 1 and de.month == de.day == 1
    if whole_years:
        return str(ds.year) if de.year - ds.year == 1 else f"{ds.year}–{last.year}"
    whole_months = ds.day == 1 and de.day == 1
    if whole_months:
        return _format_range_parts(f"{ds.year:04d}-{ds.month:02d}", f"{last.year:04d}-{last.month:02d}")
    return _format_range_parts(ds.isoformat(), last.isoformat())


def format_date(
    value: str | None,
    start: str | None = None,
    end: str | None = None,
    precision: str | None = None,
    mod: str | None = None,
) -> str:
    """The date as a briefing should print it, at its precision, or "undated"."""
    text = None
    if value and "/" in value:  # an explicit range, TIMEX-style "start/end"
        a, _, b = value.partition("/")
        text = _format_range_parts(a, b)
    if text is None:
        text = format_value(value)
    if text is None:
        text = _from_interval(start, end)
    if text is None:
        return UNDATED
    if mod and mod in MODS:
        # A day cannot have an "early" part: START/END on a day mean the period starts or ends then.
        day_mods = {"START": "from {}", "END": "until {}", "MID": "{}"}
        to_the_day = precision in ("day", "hour", "minute", "second") or bool(value and _DAY.match(value))
        text = (day_mods.get(mod, MODS[mod]) if to_the_day else MODS[mod]).format(text)
    return text


def format_time_value(tv: dict[str, Any] | None) -> str:
    """Format a ``TimeValue`` as a dict (the JSONL shape) or ``None``."""
    if not tv:
        return UNDATED
    return format_date(tv.get("value"), tv.get("start"), tv.get("end"), tv.get("precision"), tv.get("mod"))


def parse_bound(text: str, *, upper: bool) -> str:
    """A user's ``--from``/``--to`` (``2020``, ``2020-08``, ``2020-08-09``) as an ISO day.

    The lower bound is the first day of the period; the upper bound is the first day *after* it, so
    ``--to 2020`` includes all of 2020. Raises ``ValueError`` with a readable message.
    """
    text = text.strip()
    try:
        if m := _YEAR.match(text):
            y = int(m[1])
            return date(y + 1 if upper else y, 1, 1).isoformat()
        if m := _MONTH.match(text):
            y, mo = int(m[1]), int(m[2])
            first = date(y, mo, 1)
            if not upper:
                return first.isoformat()
            return (date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)).isoformat()
        d = date.fromisoformat(text)
        return (d + timedelta(days=1) if upper else d).isoformat()
    except ValueError:
        pass
    raise ValueError(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
