"""TIMEX3 values: their grammar, the interval each one covers, and reference-time arithmetic.

A TIMEX3 ``value`` is a string (``2020-08-09``, ``2020-W11``, ``199X``, ``P3Y``, ``PAST_REF``…). The rest of
the pipeline sorts and overlaps dates, so every anchored value maps to a half-open interval [start, end) of
ISO dates (ISO date-times for clock times) plus a precision from :data:`eventgraph.model.PRECISIONS`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import PRECISIONS, TimeValue

# --- the grammar ---------------------------------------------------------------------------------------

_DATE_PART = (
    r"(?:\d{4}|\d{3}X|\d{2}XX|\d{3}|\d{2}|XXXX)"
    r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:[1-7]|WE))?|-Q[1-4X]|-H[12X]|-(?:SP|SU|FA|WI))?"
)
_TIME_PART = r"(?:T(?:\d{2}(?::\d{2}(?::\d{2})?)?|MO|AF|EV|NI|DT|MI))"
_DURATION = (
    r"P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE|ML|C|L|Q|H|WE|SP|SU|FA|WI))*(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?"
)
TIMEX3_VALUE = re.compile(
    rf"(?:{_DATE_PART}{_TIME_PART}?|XXXX-XX-XX{_TIME_PART}|PRESENT_REF|PAST_REF|FUTURE_REF|{_DURATION}"
    r"|XXXX-WXX-[1-7](?:T(?:MO|AF|EV|NI))?|T(?:MO|AF|EV|NI|\d{2}(?::\d{2})?))"
)
TIMEX3_TYPES = ("DATE", "TIME", "DURATION", "SET")
TIMEX3_MODS = (
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
    "LESS_THAN",
    "MORE_THAN",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
    "START",
    "MID",
    "END",
    "APPROX",
)


def well_formed(value: str) -> bool:
    """Whether ``value`` follows the TIMEX3 value grammar (as far as this tagger produces it)."""
    return value != "P" and TIMEX3_VALUE.fullmatch(value) is not None


# --- intervals --------------------------------------------------------------------------------------

_SEASON_MONTHS = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15)}  # 15 = March of next year
_DAY_PARTS = {"MO": (6, 12), "AF": (12, 18), "EV": (18, 22), "NI": (20, 28), "DT": (8, 18), "MI": (11, 13)}
_DATE_RE = re.compile(
    r"(?P<y>\d{4}|\d{3}X?|\d{2}(?:XX)?)"
    r"(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}|XX))?|XX(?:-XX)?|W(?P<w>\d{2})(?P<we>-WE)?(?:-(?P<wd>[1-7]))?"
    r"|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?"
    r"(?:T(?:(?P<hh>\d{2})(?::(?P<mi>\d{2})(?::(?P<ss>\d{2}))?)?|(?P<dp>MO|AF|EV|NI|DT|MI)))?"
)


def _month_start(year: int, month: int) -> dt.date:
    year += (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1)


def interval(value: str) -> tuple[str, str, str] | None:
    """Map a TIMEX3 value to ``(start, end, precision)``, the half-open ISO interval it covers.

    Returns ``None`` for values with no fixed place in time (durations, ``PAST_REF``, ``XXXX-WI``).
    Unknown trailing parts (``1998-12-XX``) fall back to the known prefix (``1998-12``).
    """
    m = _DATE_RE.fullmatch(value or "")
    if not m:
        return None
    try:
        return _interval(m)
    except (ValueError, OverflowError):  # e.g. 0000 or an impossible day: not a place in time
        return None


def _interval(m: re.Match[str]) -> tuple[str, str, str]:
    y = m["y"]
    digits = y.rstrip("X")
    if int(digits) + 1 >= 10 ** len(digits):  # "99XX", "999X", "9999": would end in the year 10000
        raise ValueError("beyond the year 9999")
    if len(digits) == 2:  # century: "19" / "19XX"
        c = int(digits)
        return f"{c * 100:04d}-01-01", f"{(c + 1) * 100:04d}-01-01", "century"
    if len(digits) == 3:  # decade: "199" / "199X"
        d = int(digits)
        return f"{d * 10:04d}-01-01", f"{(d + 1) * 10:04d}-01-01", "decade"
    year = int(y)
    if year < 1:
        raise ValueError("year 0")
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise ValueError("month")
        if m["d"] and m["d"] != "XX":
            start = dt.date(year, month, int(m["d"]))
            if m["hh"]:
                hh, mi, ss = int(m["hh"]), int(m["mi"] or 0), int(m["ss"] or 0)
                t0 = dt.datetime(start.year, start.month, start.day, hh, mi, ss)
                prec, step = (
                    ("second", dt.timedelta(seconds=1))
                    if m["ss"]
                    else ("minute", dt.timedelta(minutes=1))
                    if m["mi"]
                    else ("hour", dt.timedelta(hours=1))
                )
                fmt = {"hour": "%Y-%m-%dT%H", "minute": "%Y-%m-%dT%H:%M", "second": "%Y-%m-%dT%H:%M:%S"}[prec]
                return t0.strftime(fmt), (t0 + step).strftime(fmt), prec
            if m["dp"]:
                a, b = _DAY_PARTS[m["dp"]]
                t0 = dt.datetime(start.year, start.month, start.day) + dt.timedelta(hours=a)
                t1 = dt.datetime(start.year, start.month, start.day) + dt.timedelta(hours=b)
                return t0.strftime("%Y-%m-%dT%H"), t1.strftime("%Y-%m-%dT%H"), "hour"
            return start.isoformat(), (start + dt.timedelta(days=1)).isoformat(), "day"
        return _month_start(year, month).isoformat(), _month_start(year, month + 1).isoformat(), "month"
    if m["w"]:
        week = int(m["w"])
        monday = dt.date.fromisocalendar(year, week, 1)
        if m["wd"]:
            day = monday + dt.timedelta(days=int(m["wd"]) - 1)
            return day.isoformat(), (day + dt.timedelta(days=1)).isoformat(), "day"
        if m["we"]:  # the weekend: Saturday and Sunday
            sat = monday + dt.timedelta(days=5)
            return sat.isoformat(), (sat + dt.timedelta(days=2)).isoformat(), "week"
        return monday.isoformat(), (monday + dt.timedelta(days=7)).isoformat(), "week"
    if m["q"]:
        q = int(m["q"])
        return _month_start(year, 3 * q - 2).isoformat(), _month_start(year, 3 * q + 1).isoformat(), "quarter"
    if m["h"]:
        h = int(m["h"])
        return _month_start(year, 6 * h - 5).isoformat(), _month_start(year, 6 * h + 1).isoformat(), "half"
    if m["s"]:
        a, b = _SEASON_MONTHS[m["s"]]
        return _month_start(year, a).isoformat(), _month_start(year, b).isoformat(), "season"
    return f"{year:04d}-01-01", f"{year + 1:04d}-01-01", "year"


# --- reference times ------------------------------------------------------------------------------------

_RANK = {p: i for i, p in enumerate(PRECISIONS)}


def finer(a: str, b: str) -> bool:
    """Whether precision ``a`` is strictly finer than ``b``."""
    return _RANK[a] > _RANK[b]


def coarser_of(a: str, b: str) -> str:
    return a if _RANK[a] <= _RANK[b] else b


@dataclass(frozen=True)
class Ref:
    """A reference time: a day (or instant) plus how much of it is actually known."""

    date: dt.date
    precision: str  # year, month or day (finer DCTs keep their time in ``hour``/``minute``)
    hour: int | None = None
    minute: int | None = None

    @property
    def value(self) -> str:
        return format_date(self.date, self.precision)


def format_date(d: dt.date, precision: str) -> str:
    """The TIMEX3 value of the ``precision``-sized period containing day ``d``."""
    if precision in ("day", "hour", "minute", "second"):
        return d.isoformat()
    if precision == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if precision == "half":
        return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
    if precision == "season":
        code = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(
            d.month, "FA"
        )
        year = d.year - 1 if d.month < 3 else d.year  # January is in the winter that began in December
        return f"{year:04d}-{code}"
    if precision == "decade":
        return f"{d.year // 10:03d}X"
    if precision == "century":
        return f"{d.year // 100:02d}XX"
    return f"{d.year:04d}"


_ISO_DCT = re.compile(
    r"\s*(?P<y>\d{4})(?:-?(?P<m>\d{2})(?:-?(?P<d>\d{2})"
    r"(?:[T ](?P<hh>\d{2}):?(?P<mi>\d{2})(?::?\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?\s*"
)


# Day, month and year in digits in an order other than ISO's
_DIGITS_ONLY_DATE = re.compile(r"\d+\s*[-/.]\s*\d+")


def parse_dct(s: str) -> TimeValue:
    """Parse a document creation time, keeping its precision (``"2021"`` stays a year).

    Accepts ISO dates, possibly partial (``2021``, ``2021-08``, ``2021-08-20``, ``20210820``,
    ``2021-08-20T10:00``), and written dates (``Aug. 20, 2021``, ``August 2021``). Raises ``ValueError`` with
    a readable message for anything else, digits in another order included (``03/04/2021``: their day and
    month are ambiguous).
    """
    if not isinstance(s, str) or not s.strip():
        raise ValueError("empty date: expected an ISO date such as 2021, 2021-08 or 2021-08-20")
    m = _ISO_DCT.fullmatch(s)
    value = None
    if m:
        value = m["y"]
        if m["m"]:
            value += f"-{m['m']}"
            if m["d"]:
                value += f"-{m['d']}"
                if m["hh"]:
                    value += f"T{m['hh']}:{m['mi']}"
    elif _DIGITS_ONLY_DATE.search(s):
        # "03/04/2021" (March or April?), "21-08-20" (which year?): only ISO order is unambiguous
        raise ValueError(
            f"ambiguous or unrecognised date {s!r}: expected an ISO date such as 2021, 2021-08 or 2021-08-20 "
            f"(or a written date such as 'Aug. 20, 2021')"
        )
    elif re.search("[A-Za-z]{3}", s):
        from . import tag  # a written date: let the tagger read it, but only a fully explicit one

        found = [t for t in tag(s.strip()) if t.type in ("DATE", "TIME")]
        whole = len(found) == 1 and len(found[0].text) >= len(s.strip()) - 1
        if whole and found[0].date is not None and found[0].date.source == "text":
            value = found[0].value
    span = interval(value) if value else None
    if value is None or span is None or span[2] not in ("year", "month", "day", "hour", "minute", "second"):
        raise ValueError(
            f"invalid date {s!r}: expected an ISO date such as 2021, 2021-08 or 2021-08-20 "
            f"(or a written date such as 'Aug. 20, 2021')"
        )
    start, end, precision = span
    return TimeValue(
        value=value, start=start, end=end, precision=precision, source="metadata", confidence=1.0
    )


def ref_from(dct: TimeValue | str | None) -> Ref | None:
    """The reference time for a DCT, or ``None`` when there is none (garbage DCTs count as none)."""
    if dct is None:
        return None
    if isinstance(dct, str):
        try:
            dct = parse_dct(dct)
        except ValueError:
            return None
    span = interval(dct.value)
    if span is None:
        return None
    start, _end, precision = span
    if precision not in ("year", "month", "day", "hour", "minute", "second"):
        precision = "year" if precision in ("half", "season", "quarter") else precision
        if precision not in ("year", "month", "day"):
            return None  # a decade or century is too vague to resolve anything against
    d = dt.date.fromisoformat(start[:10])
    hour = int(start[11:13]) if len(start) > 11 else None
    minute = int(start[14:16]) if len(start) > 14 else None
    return Ref(d, "day" if precision in ("hour", "minute", "second") else precision, hour, minute)
