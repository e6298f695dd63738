"""Normalisation: from a pattern match to a TIMEX3 type, value and mod.

Each rule names a ``kind``; the function of that name here reads the match's named groups and returns a
:class:`Norm` (or ``None`` to reject the match, e.g. "May" the verb). Relative values are computed against a
:class:`~eventgraph.temporal.values.Ref` and never more precisely than the reference itself is known.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .rules import Rule, Rules, key
from .tense import Tense
from .values import Ref, coarser_of, finer, format_date


@dataclass
class Norm:
    type: str
    value: str
    mod: str | None = None
    source: str = "text"  # "text": stated; "relative": needed the reference time
    degraded: bool = False  # coarser than the expression because the reference time is coarse
    point: str | None = None  # for a DURATION counted from a stated time ("three days later"): where it ends


@dataclass
class Context:
    text: str
    rules: Rules
    ref: Ref | None
    tense: Callable[[int, int], Tense | None]


UNIT_PRECISION = {
    "ML": "millennium",
    "CE": "century",
    "DE": "decade",
    "Y": "year",
    "Q": "quarter",
    "H": "half",
    "M": "month",
    "W": "week",
    "WE": "week",
    "D": "day",
    "TH": "hour",
    "TM": "minute",
    "TS": "second",
}
UNIT_DAYS = {
    "ML": 365250.0,
    "CE": 36525.0,
    "DE": 3652.5,
    "Y": 365.25,
    "H": 182.6,
    "Q": 91.3,
    "M": 30.44,
    "W": 7.0,
    "WE": 7.0,
    "D": 1.0,
    "TH": 1 / 24,
    "TM": 1 / 1440,
    "TS": 1 / 86400,
}
_PREC_UNIT = {"year": "Y", "month": "M", "day": "D"}
_WORD_UNITS = {"half": "H", "period": "Q"}


# --- arithmetic ---------------------------------------------------------------------------------------------


def add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def shift(ref: Ref, n: float, unit: str) -> tuple[dt.date, str, bool]:
    """``ref`` moved by ``n`` ``unit``s; returns the day, the precision to show it at, and whether that
    precision had to be coarsened because the reference is coarser than the unit."""
    precision = UNIT_PRECISION.get(unit, "day")
    degraded = False
    if finer(precision, ref.precision) or (unit in ("W", "WE") and ref.precision != "day"):
        # "a week ago" against a DCT of "2021-08": count in the reference's own unit, rounding small offsets
        # to zero, and show the result at the reference's precision.
        ref_unit = _PREC_UNIT[ref.precision]
        n = round(n * UNIT_DAYS.get(unit, 1.0) / UNIT_DAYS[ref_unit])
        unit, precision, degraded = ref_unit, ref.precision, True
    d = ref.date
    n_int = round(n)
    try:
        if unit in ("Y", "DE", "CE", "ML"):
            years = {"Y": 1, "DE": 10, "CE": 100, "ML": 1000}[unit] * n_int
            d = add_months(d, 12 * years)
        elif unit in ("M", "Q", "H"):
            d = add_months(d, {"M": 1, "Q": 3, "H": 6}[unit] * n_int)
        elif unit in ("W", "WE"):
            d = d + dt.timedelta(days=7 * n_int)
        else:
            d = d + dt.timedelta(days=n_int if unit == "D" else 0)
    except (ValueError, OverflowError):
        d = ref.date
        degraded = True
    if unit in ("TH", "TM", "TS"):
        precision = "day"
    return d, precision, degraded


def at(ref: Ref, d: dt.date, precision: str) -> tuple[str, bool]:
    """The value of day ``d`` at ``precision``, but no finer than the reference is known."""
    if finer(precision, ref.precision) and not (precision == "week" and ref.precision == "day"):
        return format_date(d, ref.precision), True
    return format_date(
        d, coarser_of(precision, "day") if precision in ("hour", "minute") else precision
    ), False


# --- numbers ---------------------------------------------------------------------------------------------

_FRACTION = re.compile(r"(\d+)\s+(\d)/(\d)")


def number(rules: Rules, text: str | None) -> float | None:
    """The value of a number written in digits or words; ``None`` for vague amounts ("several")."""
    if text is None:
        return 1.0
    t = text.strip()
    m = _FRACTION.fullmatch(t)
    if m:
        return int(m[1]) + int(m[2]) / int(m[3])
    try:
        return float(t.replace(",", ""))
    except ValueError:
        pass
    k = key(t)
    table = rules.lookup["numbers"]
    if k in table:
        return float(table[k])
    total, current = 0.0, 0.0
    for word in k.split():
        if word not in table:
            return None
        v = table[word]
        if v == 100:
            current = max(current, 1) * 100
        else:
            current += v
    total += current
    return total or None


def _number_mod(ctx: Context, text: str | None) -> str | None:
    """The TIMEX3 mod a number word carries itself: "a couple of years" is about two (APPROX)."""
    return ctx.rules.lookup["approximate_numbers"].get(key(text)) if text else None


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:.1f}".rstrip("0")


def duration_value(n: float | None, unit: str) -> str:
    """``P3Y``, ``PT5H30M``, ``PXM``: the TIMEX3 value of ``n`` ``unit``s (``None`` = unknown number)."""
    if unit in ("DE", "CE", "ML"):
        # TimeBank writes counted decades and centuries in years ("two decades": P20Y) and so some decades
        # ("decades-long": PXY); some centuries or millennia keep their unit (PXC, PXL) rather than
        # shrinking to some years
        if n is None:
            return {"DE": "PXY", "CE": "PXC", "ML": "PXL"}[unit]
        return f"P{_fmt_num(n * {'DE': 10, 'CE': 100, 'ML': 1000}[unit])}Y"
    if unit == "Q":  # "the past two quarters": P2Q, as TimeBank writes them
        return "PXQ" if n is None else f"P{_fmt_num(n)}Q"
    if unit == "H":
        return "PXM" if n is None else f"P{_fmt_num(n * 6)}M"
    if unit == "WE":
        return "PXD" if n is None else f"P{_fmt_num(n * 2)}D"
    if unit.startswith("T"):
        u = unit[1]
        if n is None:
            return f"PTX{u}"
        if not float(n).is_integer():
            whole, frac = int(n), n - int(n)
            smaller = {"H": ("M", 60), "M": ("S", 60)}.get(u)
            if smaller:
                part = f"{whole}{u}" if whole else ""
                return f"PT{part}{round(frac * smaller[1])}{smaller[0]}"
        return f"PT{_fmt_num(n)}{u}"
    if n is None:
        return f"PX{unit}"
    if not float(n).is_integer():
        smaller = {"Y": ("M", 12), "D": ("TH", 24), "W": ("D", 7)}.get(unit)
        if smaller and float(n * smaller[1]).is_integer():
            whole, rest = int(n), duration_value(n * smaller[1] - int(n) * smaller[1], smaller[0])
            if whole and unit != "W":  # "2 1/2 years": P2Y6M; "1 1/2 days": P1DT12H
                return f"P{whole}{unit}{rest[1:]}"
            return duration_value(n * smaller[1], smaller[0])
    return f"P{_fmt_num(n)}{unit}"


# --- vocabulary checks -------------------------------------------------------------------------------------

_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|by|since|until|till|from|to|of|during|before|after|through|early|late|mid|between|and|or|last"
    r"|next|this|that|each|every|on|until|throughout)|[-–,(])\s*$",
    re.IGNORECASE,
)

_DETERMINER_BEFORE = re.compile(r"\b(?:the|its|their|his|her|this|last|next)\s+$", re.IGNORECASE)
# not a preposition, nor what follows a person's name ("the May government", "the May deal")
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:of|to|for|and|or|on|in|at|by|from|with|as|government|administration|cabinet|ministry|era"
    r"|premiership|years|team|camp|deal|doctrine|family)\b)[a-z]{3,}\b"
)


def _word_ok(ctx: Context, m: re.Match[str], group: str) -> bool:
    """Reject "may", "march", "sun"… unless capitalised, and bare ones unless a preposition precedes."""
    word = _group(m, group)
    if word is None:
        return True
    k = key(word)
    vocab = ctx.rules.vocab
    alone = m.group(0).strip(" .") == word.strip(" .")
    if not alone and k in vocab["needs_context"] and k not in ("may", "march"):
        # "that Sun's profitability": a determiner alone does not make an abbreviation a date
        rest = key(m.group(0)[: m.start(group) - m.start()] + m.group(0)[m.end(group) - m.start() :])
        alone = rest in ("", "that", "the same", "the following", "the previous", "this")
    if k in vocab["capitalised_only"] and not word[:1].isupper() and (alone or k not in ("spring", "fall")):
        return False
    if alone and k in vocab["needs_context"] and k not in ("may", "march"):
        return False  # a bare abbreviation ("Jan", "Sun", "Wed") is a name far more often than a date
    if k in vocab["needs_context"] and alone:
        before = ctx.text[max(0, m.start() - 30) : m.start()]
        if not _CONTEXT_BEFORE.search(before) and not (
            # "the March accession", "its May elections": a month naming when something is
            _DETERMINER_BEFORE.search(before) and _NOUN_AFTER.match(ctx.text, m.end())
        ):
            return False
        if m.start() == 0 or ctx.text[m.start() - 1] in "\n":
            return False
    return True


def _ptr(ctx: Context, m: re.Match[str], group: str = "pointer") -> int | None:
    if group not in m.re.groupindex or m.group(group) is None:
        return None
    return ctx.rules.lookup["pointers"].get(key(m.group(group)))


def _direction(ctx: Context, m: re.Match[str]) -> Tense | None:
    return ctx.tense(m.start(), m.end())


def _signal(ctx: Context, m: re.Match[str]) -> Tense | None:
    """The way a word just before the expression points it: "until Tuesday", "payable Dec. 15" ahead,
    "since March" back (see ``direction_signals`` in the vocabulary); ``None`` without one."""
    rx = ctx.rules.direction_signal
    found = rx.search(ctx.text, max(0, m.start() - 40), m.start()) if rx is not None else None
    return ctx.rules.lookup["direction_signals"].get(key(found["signal"])) if found else None


def _group(m: re.Match[str], name: str) -> str | None:
    return m.group(name) if name in m.re.groupindex else None


# --- kinds -----------------------------------------------------------------------------------------------


def iso(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    y, mo, d = int(m["year"]), int(m["month"]), _group(m, "day")
    if d is None:
        return Norm("DATE", f"{y:04d}-{mo:02d}")
    try:
        dt.date(y, mo, int(d))
    except ValueError:
        return None
    value = f"{y:04d}-{mo:02d}-{int(d):02d}"
    if _group(m, "hour"):
        value += f"T{m['hour']}:{m['minute']}" + (f":{m['second']}" if m["second"] else "")
        return Norm("TIME", value)
    return Norm("DATE", value)


def _century_for(ctx: Context, yy: int) -> int:
    """A two-digit year in the century that puts it closest to (and not far after) the reference."""
    base = ctx.ref.date.year if ctx.ref else 2000
    candidates = [(base // 100 - 1) * 100 + yy, (base // 100) * 100 + yy]
    return min(candidates, key=lambda y: abs(y - base) if y <= base + 10 else 10_000)


def numeric(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    a, b, c, sep = int(m["a"]), int(m["b"]), m["c"], m["sep"]
    year = int(c) if len(c) == 4 else _century_for(ctx, int(c))
    if a > 12 and b <= 12:
        day, month = a, b
    elif b > 12 and a <= 12:
        month, day = a, b
    elif sep == "/":
        month, day = a, b  # US order for slashes
    else:
        day, month = a, b  # dd.mm.yy, dd-mm-yy
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    if len(c) == 2 and sep == "." and a <= 31 and b <= 12 and int(c) > 31:
        pass
    return Norm("DATE", f"{year:04d}-{month:02d}-{day:02d}")


def _resolve_year_for(ctx: Context, m: re.Match[str], month: int, day: int | None) -> tuple[int | None, bool]:
    """The year of a month (and day) written without one: of last, this and next year, the one that puts
    the date nearest the reference, where pointing against the tense counts five times ("Dec. 7" said in late
    October is this December; "Oct. 23" in a past-tense sentence in May is last October), and against a
    signal word ("since November", "effective Feb. 1") is ruled out."""
    if ctx.ref is None:
        return None, False
    ref = ctx.ref
    if ref.precision == "year":
        return ref.date.year, True
    signal = _signal(ctx, m)
    tense = signal or _direction(ctx, m)
    ref_day = ref.date if ref.precision == "day" else ref.date.replace(day=15)
    best: tuple[float, int] | None = None
    for y in (ref.date.year - 1, ref.date.year, ref.date.year + 1):
        cand = dt.date(y, month, min(day or 15, 28))
        dist = (cand - ref_day).days
        if day is None and y == ref.date.year and month == ref.date.month:
            dist = 0
        against = (dist > 0 and tense == "past") or (dist < 0 and tense == "future")
        # a signal word ("since March", "effective Feb. 1") allows no more than a week against it
        cost = abs(dist) * (1 if not against else 1000 if signal and abs(dist) > 7 else 5)
        if best is None or cost < best[0]:
            best = (cost, y)
    return best[1] if best else ref.date.year, False


def date(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    for g in ("month", "weekday"):
        if not _word_ok(ctx, m, g):
            return None
    month = ctx.rules.lookup["months"][key(m["month"])]
    day_s = _group(m, "day")
    day = None
    if day_s and day_s[0].isdigit():
        day = int(re.sub(r"\D", "", day_s))
    elif day_s:
        # a spelled day: "March eighth", "the eighth of March"; not "the first March on Washington"
        if m.start("day") < m.start("month") and " of" not in m.group(0)[m.end("day") - m.start() :]:
            return None
        day = ctx.rules.lookup["day_ordinals"][key(day_s)]
    year_s = _group(m, "year")
    source, degraded = "text", False
    if year_s:
        year: int | None = int(year_s)
    elif _ptr(ctx, m) is not None:
        year = None if ctx.ref is None else ctx.ref.date.year + _ptr(ctx, m)
        source = "relative"
    elif _ptr(ctx, m, "dptr") is not None and ctx.ref is not None and day is not None:
        # "last Oct. 23": the latest one before the reference; "next May 5": the first one after it
        ptr, ref = _ptr(ctx, m, "dptr"), ctx.ref
        year = ref.date.year
        here = (month, day) > (ref.date.month, ref.date.day)
        if ptr < 0 and here:
            year -= 1
        elif ptr > 0 and not here:
            year += 1
        source, degraded = "relative", ref.precision == "year"
    else:
        year, degraded = _resolve_year_for(ctx, m, month, day)
        source = "relative"
    if day is not None and day > calendar.monthrange(year or 2000, month)[1]:
        return None
    ys = f"{year:04d}" if year else "XXXX"
    value = f"{ys}-{month:02d}" + (f"-{day:02d}" if day else "")
    if _group(m, "week_of") and year and day and not degraded:
        y, w, _ = dt.date(year, month, day).isocalendar()
        value = f"{y:04d}-W{w:02d}"
    return Norm("DATE", value, source=source, degraded=degraded)


def month(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    if not _word_ok(ctx, m, "month"):
        return None
    mo = ctx.rules.lookup["months"][key(m["month"])]
    ptr = _ptr(ctx, m)
    if ctx.ref is None:
        return Norm("DATE", f"XXXX-{mo:02d}", source="relative")
    ref = ctx.ref
    y = ref.date.year
    if ref.precision == "year":
        # the year is all we know of the reference: "last April" may be this year's or last year's
        return Norm("DATE", f"{y:04d}-{mo:02d}", source="relative", degraded=True)
    if ptr is not None:
        if ptr < 0:
            y = y if mo < ref.date.month else y - 1
        elif ptr > 0:
            y = y if mo > ref.date.month else y + 1
    else:
        y2, _ = _resolve_year_for(ctx, m, mo, None)
        y = y2 or y
    return Norm("DATE", f"{y:04d}-{mo:02d}", source="relative")


# A capitalised word right before a year, inside a sentence, that is no preposition, era or period word
_NAME_BEFORE = re.compile(
    r"[a-z,;]\s+(?!(?:In|On|At|By|Of|To|For|From|Since|Until|Till|Before|After|During|Through|And|Or|Than|AD|BC|BCE"
    r"|CE|FY|Fiscal|Year|Spring|Summer|Autumn|Fall|Winter|Christmas|Easter|Mid|Early|Late)\b)[A-Z][a-z]+\s+$"
)


def _plausible_year(ctx: Context, m: re.Match[str]) -> bool:
    """A bare four-digit number is a year unless it looks like an amount ("1,500", "2000 troops")."""
    y = int(m["year"])
    text = ctx.text
    before = text[max(0, m.start() - 25) : m.start()]
    after = text[m.end() : m.end() + 25]
    if re.search(
        r"[$£€¥#№]\s*$|\bNo\.?\s*$|\b(?:page|room|flight|route|number|model|highway|sec|art)\s*$",
        before,
        re.I,
    ):
        return False
    if re.match(
        r"\s*(?:%|percent|per\s*cent|[a-z]*illion|thousand|hundred|dollars?|euros?|yuan|pounds?)", after, re.I
    ):
        return False
    if _NAME_BEFORE.search(before):
        return False  # part of a name: "Orion 1980", "Euro 2000", "Vision 2030"
    if re.search(r"\b(?:mid|pre|post)-$", before, re.I):
        return 1500 <= y <= 2099  # "the post-1959 politics"
    nxt = re.match(r"\s+([a-z][a-z-]*)", after)
    if nxt and nxt.group(1).endswith("s") and nxt.group(1) not in _FUNCTION_WORDS:
        # "2000 troops", "1500 meters"; but after a determiner a year names which ones ("the 1992 protests",
        # "its 1988 results": an amount that large would be written "the 2,000 troops")
        determiner = re.search(r"\b(?:the|its|their|his|her|this|that)\s*$", before, re.I)
        return determiner is not None and 1900 <= y <= 2099
    if re.search(
        r"\b(?:in|since|by|until|till|of|from|to|before|after|during|through|between|and|or|fiscal|year|early"
        r"|late|mid|the|spring|summer|autumn|fall|winter|circa|c\.|around|about|back|throughout|election|'s)\s*$"
        r"|[-–(,]\s*$",
        before,
        re.I,
    ):
        return 1500 <= y <= 2099
    return y >= 1800


_FUNCTION_WORDS = {
    "was",
    "is",
    "has",
    "as",
    "its",
    "his",
    "this",
    "thus",
    "plus",
    "always",
    "vs",
    "us",
    "yes",
}


def year(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    if rule.name == "spoken_year":
        if _group(m, "spoken_century"):
            rest = number(ctx.rules, m["spoken_rest"])
            century = number(ctx.rules, m["spoken_century"])
            if rest is None or century is None:
                return None
            y = int(century) * 100 + (0 if rest == 100 else int(rest))
        else:
            y = (
                2000 + int(number(ctx.rules, _group(m, "spoken_small")) or 0)
                if _group(m, "spoken_small")
                else 2000
            )
        return Norm("DATE", f"{y:04d}")
    short = _group(m, "short")
    if short is not None:
        if rule.name == "year_range_short":
            prev = ctx.text[max(0, m.start() - 5) : m.start() - 1]
            y = int(prev[:2]) * 100 + int(short)
            if y <= int(prev):
                return None  # "1989-85" is not a range of years
        else:
            if not (
                _group(m, "fiscal")
                or re.search(
                    r"\b(?:in|since|of|from|to|the|by|until|class)\s+$",
                    ctx.text[max(0, m.start() - 10) : m.start()],
                    re.I,
                )
            ):
                return None  # "'98" alone is too easily something else
            y = _century_for(ctx, int(short))
        return Norm("DATE", f"{y:04d}")
    if not _group(m, "fiscal") and not _plausible_year(ctx, m):
        return None
    return Norm("DATE", f"{int(m['year']):04d}")


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def decade(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    # "the last half of the '80s": the decade, its end (TIMEX3 has no value for half a decade)
    mod = None
    if _group(m, "half"):
        mod = "START" if key(m["half"]) in ("first", "early", "earlier") else "END"
    if m["century_digits"]:
        return Norm("DATE", f"{m['century_digits']}{m['decade_digit']}X", mod=mod)
    digit = int(m["short_decade"]) if m["short_decade"] else _DECADE_WORDS[key(m["decade_word"])]
    base = ctx.ref.date.year if ctx.ref else 2000
    century = base // 100 if digit * 10 <= base % 100 else base // 100 - 1
    return Norm("DATE", f"{century:02d}{digit}X", mod=mod, source="relative")


_ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]


def century(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    o = key(m["century_ord"])
    if o[:1].isdigit():
        n = int(re.sub(r"\D", "", o))
    elif o in ("twenty first", "twenty-first"):
        n = 21
    else:
        n = _ORDINAL_WORDS.index(o) + 1
    if not 1 <= n <= 21:
        return None
    return Norm("DATE", f"{n - 1:02d}XX")


def easter_sunday(year: int) -> dt.date:
    """Western Easter (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return dt.date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _holiday_date(spec: dict, year: int) -> dt.date | None:
    try:
        if "easter" in spec:
            return easter_sunday(year) + dt.timedelta(days=spec["easter"])
        if "day" in spec:
            return dt.date(year, spec["month"], spec["day"])
        days = [
            dt.date(year, spec["month"], d)
            for d in range(1, calendar.monthrange(year, spec["month"])[1] + 1)
            if dt.date(year, spec["month"], d).isoweekday() == spec["weekday"]
            and d > spec.get("after_day", 0)
        ]
        return days[spec["nth"] - 1] if spec["nth"] > 0 else days[-1]
    except (ValueError, IndexError):
        return None


def holiday(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    if not m["holiday"][:1].isupper():
        return None  # holiday names are proper names
    spec = ctx.rules.lookup["holidays"][key(m["holiday"])]
    source = "text"
    if _group(m, "year"):
        y: int | None = int(m["year"])
    elif ctx.ref is None:
        y = None
    else:
        source = "relative"
        ptr = _ptr(ctx, m)
        y = (
            ctx.ref.date.year + (ptr or 0)
            if ptr is not None
            else _resolve_year_for(ctx, m, spec.get("month", 4), 1)[0]  # Easter: about April
        )
    if y is None:
        if "month" not in spec:
            return Norm("DATE", "XXXX-XX-XX", source="relative")
        d = spec.get("day")
        return Norm("DATE", f"XXXX-{spec['month']:02d}" + (f"-{d:02d}" if d else ""), source="relative")
    d = _holiday_date(spec, y)
    if d is None:
        return None
    precision = "week" if spec.get("week") else "day"  # "Easter week"
    value, degraded = (
        at(ctx.ref, d, precision) if ctx.ref and source == "relative" else (d.isoformat(), False)
    )
    if spec.get("week") and source == "text":
        value = format_date(d, "week")
    return Norm("DATE", value, source=source, degraded=degraded)


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    if not _word_ok(ctx, m, "season"):
        return None
    code = ctx.rules.lookup["seasons"][key(m["season"])]
    if _group(m, "year"):
        return Norm("DATE", f"{m['year']}-{code}")
    ptr = _ptr(ctx, m)
    # a bare season word ("spring", "in fall") is only a date with a pointer, "the" or a year
    if (
        ptr is None
        and not m.group(0).lower().startswith("the")
        and not re.search(
            r"\b(?:in|during|by|until|since|this|last|next|early|late|mid)\s+$",
            ctx.text[max(0, m.start() - 12) : m.start()],
            re.I,
        )
    ):
        return None
    if ctx.ref is None:
        return Norm("DATE", f"XXXX-{code}", source="relative")
    ref = ctx.ref
    if ref.precision == "year":
        return Norm(
            "DATE", f"{ref.date.year + (ptr or 0):04d}-{code}", source="relative", degraded=ptr is None
        )

    def occurrence(y: int) -> tuple[dt.date, dt.date]:
        start = dt.date(y, _SEASON_START[code], 1)
        return start, add_months(start, 3)

    y = ref.date.year
    years = [y - 1, y, y + 1]
    tense = _direction(ctx, m)
    if ptr == -1 or (ptr is None and tense == "past"):
        done = [
            yy
            for yy in years
            if (occurrence(yy)[1] <= ref.date if ptr == -1 else occurrence(yy)[0] <= ref.date)
        ]
        y = max(done) if done else y - 1
    elif ptr == 1 or (ptr is None and tense == "future"):
        later = [
            yy
            for yy in years
            if occurrence(yy)[0] > ref.date or (ptr is None and occurrence(yy)[1] > ref.date)
        ]
        y = min(later) if later else y + 1
    return Norm("DATE", f"{y:04d}-{code}", source="relative")


def quarter(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    unit = key(m["qunit"])
    if unit == "quarters":  # "the first two quarters of 1990": a half of that year
        return Norm("DATE", f"{m['year']}-H{1 if key(m['which']) == 'first' else 2}")
    qrel = key(m["qrel"]) if _group(m, "qrel") else None
    ordinal = ctx.rules.lookup["ordinals"].get(key(m["ordinal"])) if _group(m, "ordinal") else None
    has_year = _group(m, "year") or _group(m, "year2")
    if unit == "period" and (
        ordinal or (qrel not in ("latest", "same", "current", "recent", "most recent") and not has_year)
    ):
        return None  # "the period" alone is not a date
    if unit == "period":
        unit = "quarter"
    anchored = ordinal or qrel or _group(m, "year") or _group(m, "year2") or _group(m, "yptr")
    if not anchored and (unit == "half" or not key(m.group(0)).startswith("the")):
        return None  # a bare "quarter" or "half" is an amount, not a period
    size, code = (3, "Q") if unit == "quarter" else (6, "H")
    count = 12 // size
    if ordinal and ordinal > count:
        return None
    year_s = _group(m, "year") or _group(m, "year2")
    if year_s and ordinal is None and qrel == "last":
        ordinal = count
    if year_s and ordinal is None:
        # "the 1988 quarter": the quarter under discussion (the last one reported), in that year;
        # "the 1988 period" says no more than the year
        if key(m["qunit"]) == "period":
            return Norm("DATE", f"{int(year_s):04d}")
        if ctx.ref is None or ctx.ref.precision == "year":
            return None
        current = (ctx.ref.date.month - 1) // size + 1
        ordinal = current - 1 if current > 1 else count
    if year_s:
        return Norm("DATE", f"{year_s}-{code}{ordinal}")
    if ctx.ref is None:
        return Norm("DATE", f"XXXX-{code}{ordinal}" if ordinal else "PRESENT_REF", source="relative")
    ref = ctx.ref
    y = ref.date.year + (_ptr(ctx, m, "yptr") or 0)
    if ref.precision == "year":
        return Norm(
            "DATE", f"{y:04d}-{code}{ordinal}" if ordinal else f"{y:04d}", source="relative", degraded=True
        )
    current = (ref.date.month - 1) // size + 1
    tense = _direction(ctx, m)
    if ordinal is not None:
        if _group(m, "yptr") is None and ordinal > current and tense != "future":
            y -= 1
        return Norm("DATE", f"{y:04d}-{code}{ordinal}", source="relative")
    offset = {
        "current": 0,
        "this": 0,
        "same": 0,
        "next": 1,
        "last": -1,
        "previous": -1,
        "past": -1,
        "latest": -1,
        "recent": -1,
        "most recent": -1,
    }.get(qrel or "", -1 if tense != "future" else 0)
    idx = (y * count + current - 1) + offset
    return Norm("DATE", f"{idx // count:04d}-{code}{idx % count + 1}", source="relative")


def year_earlier(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    if ctx.ref is None:
        return Norm("DATE", "PAST_REF", source="relative")
    ref = ctx.ref
    if _group(m, "months"):  # "the year-earlier nine months": the same stretch a year back
        return Norm("DURATION", duration_value(number(ctx.rules, m["months"]), "M"))
    ordinal = ctx.rules.lookup["ordinals"].get(key(m["ordinal"])) if _group(m, "ordinal") else None
    if ordinal is not None and ordinal <= 4:  # "the year-ago third quarter"
        return Norm("DATE", f"{ref.date.year - 1:04d}-Q{ordinal}", source="relative")
    if _group(m, "period") and key(m["period"]) in ("quarter", "period") and ref.precision != "year":
        idx = ref.date.year * 4 + (ref.date.month - 1) // 3 - 1 - 4  # the last reported quarter, a year back
        return Norm("DATE", f"{idx // 4:04d}-Q{idx % 4 + 1}", source="relative")
    return Norm("DATE", f"{ref.date.year - 1:04d}", source="relative")


_DAYWORDS = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "this": 0,
    "last": -1,
    "early this": 0,
    "late last": -1,
    "early": 0,
    "late": 0,
    "mid": 0,
}


def dayword(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    word = key(m["dayword"])
    part = ctx.rules.lookup["day_parts"].get(key(m["day_part"])) if _group(m, "day_part") else None
    if word == "tonight":
        part = "NI"
    if word in ("early", "late") and part is None:
        return None
    if word == "last" and part != "NI":
        return None  # "last morning" is not an expression
    if ctx.ref is None:
        return Norm("DATE", "XXXX-XX-XX" + (f"T{part}" if part else ""), source="relative")
    # "mid-afternoon yesterday", "late morning today": the day is named after the part
    which = key(m["which_day"]) if _group(m, "which_day") else None
    if which and _DAYWORDS[word] != 0:
        return None
    d, _precision, degraded = shift(ctx.ref, _DAYWORDS[which or word], "D")
    value, deg2 = at(ctx.ref, d, "day")
    if part and not (degraded or deg2):
        value += f"T{part}"
    return Norm(
        "TIME" if part and word not in ("today", "yesterday", "tomorrow", "tonight") else "DATE",
        value,
        mod={"mid": "MID", "early": "START", "late": "END", "early this": "START", "late last": "END"}.get(
            word
        ),
        source="relative",
        degraded=degraded or deg2,
    )


def weekday(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    if not _word_ok(ctx, m, "weekday"):
        return None
    wd = ctx.rules.lookup["weekdays"][key(m["weekday"])]
    # "Friday night" is dated to the day: TimeBank mostly leaves the part of the day out of the value
    part = None
    suffix = ""
    if ctx.ref is None:
        return Norm("DATE", f"XXXX-WXX-{wd}{suffix}", source="relative")
    ref = ctx.ref
    if ref.precision != "day":
        return Norm("DATE", ref.value, source="relative", degraded=True)
    ptr = _ptr(ctx, m)
    prefix = key(m.group(0)).split()[0]
    if ptr is None and prefix in ("the", "that"):
        ptr = {"the following": 1, "the previous": -1}.get(" ".join(key(m.group(0)).split()[:2]))
    d = _weekday_date(ctx, m, ref, wd, ptr)
    return Norm("TIME" if part else "DATE", d.isoformat() + suffix, source="relative")


def _weekday_date(ctx: Context, m: re.Match[str], ref: Ref, wd: int, ptr: int | None) -> dt.date:
    """The date of weekday ``wd`` nearest the reference in the direction the pointer or the tense gives."""
    today = ref.date.isoweekday()
    back = (today - wd) % 7
    fwd = (wd - today) % 7
    if ptr == -1:
        delta = -(back or 7)
    elif ptr == 1:
        delta = fwd or 7
    elif ptr == 0:
        delta = fwd if fwd <= 3 or back == 0 else -back
    else:
        # "Wednesday's ruling": a possessive weekday in news is one that has happened; "until Tuesday", "as
        # soon as Friday" are ahead
        possessive = ctx.text[m.end() : m.end() + 2] in ("'s", "’s")
        tense = "past" if possessive else _signal(ctx, m) or _direction(ctx, m)
        delta = fwd if tense == "future" or (tense == "present" and fwd < back) else -back
    return ref.date + dt.timedelta(days=delta)


def pointer(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    unit_word = key(m["unit"])
    unit = ctx.rules.lookup["units"].get(unit_word) or _WORD_UNITS.get(unit_word)
    part = ctx.rules.lookup["day_parts"].get(unit_word)
    text = key(m.group(0))
    ptr = _ptr(ctx, m)
    if ptr is None:
        the = key(m["the"]) if _group(m, "the") else "the"
        ptr = {"the next": 1, "the following": 1, "the previous": -1, "the preceding": -1}.get(the, 0)
    # "the past year", "the last decade", "the next year": like "last year", the period before (or after)
    # the reference one, as TimeBank annotates them (a stretch of several units is a duration instead)
    if part is not None:
        unit = "D"
    if unit is None:
        return None
    if ctx.ref is None:
        if ptr == 0 and unit == "Y":
            return Norm("DATE", "PRESENT_REF", source="relative")
        return Norm(
            "DATE", "PAST_REF" if ptr < 0 else "FUTURE_REF" if ptr > 0 else "PRESENT_REF", source="relative"
        )
    ref = ctx.ref
    if unit == "WE":
        d, precision, degraded = shift(ref, ptr, "W")
        if degraded:
            return Norm("DATE", format_date(d, precision), source="relative", degraded=True)
        if ptr == 0 and text in ("the weekend",):
            tense = _signal(ctx, m) or _direction(ctx, m)
            if tense == "past" and d.isoweekday() < 6:
                d -= dt.timedelta(days=7)
        y, w, _ = d.isocalendar()
        return Norm("DATE", f"{y:04d}-W{w:02d}-WE", source="relative")
    d, precision, degraded = shift(ref, ptr, unit)
    if unit == "DE":
        return Norm("DATE", f"{d.year // 10:03d}X", source="relative")
    if unit in ("CE", "ML"):
        return Norm("DATE", f"{d.year // 100:02d}XX", source="relative")
    value, deg2 = at(ref, d, precision)
    if part and not (degraded or deg2):
        value += f"T{part}"
    return Norm("DATE", value, source="relative", degraded=degraded or deg2)


_BACKWARD = {"ago", "earlier", "before", "previously", "back", "since"}


def offset(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    unit = ctx.rules.lookup["units"].get(key(m["unit"]))
    if unit is None:
        return None
    num_s = _group(m, "number")
    n = number(ctx.rules, num_s) if num_s is not None else None
    if num_s is None and not key(m["unit"]).endswith("s"):
        return None  # "year ago" without a number is not an expression
    if unit == "TS" and num_s and key(num_s) in ("a", "an"):
        return None
    if unit in ("TH", "TM", "TS") and key(m["dir"]) != "ago":
        # "an hour later", "minutes earlier": an amount of time from some event, not a day of its own; left
        # to the duration rules ("an hour", PT1H), with "later" outside the expression as TimeBank has it
        return None
    # "one year on from the election": the writer stands a year after it, so it lies a year back, at the same
    # time of year (an anniversary: to the month)
    anniversary = key(m["dir"]) == "on"
    direction = -1 if anniversary or key(m["dir"]) in _BACKWARD else 1
    if n is None and key(m["dir"]) in ("later", "earlier", "after", "before"):
        # "a few days later": some days from an event the text does not date; an amount, left to the duration
        # rules ("a few days", PXD), not a point in time
        return None
    if n is None:
        if unit == "Y" and num_s and key(num_s) in ("a few", "few") and ctx.ref is not None and direction < 0:
            return Norm("DATE", f"{(ctx.ref.date.year - 3) // 10:03d}X", source="relative")
        return Norm("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", source="relative")
    if ctx.ref is None:
        return Norm("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", source="relative")
    d, precision, degraded = shift(ctx.ref, direction * n, unit)
    if unit in ("DE", "CE", "ML"):
        precision = "year"
    if anniversary and unit in ("Y", "DE", "CE", "ML"):
        precision = "month"
    value, deg2 = at(ctx.ref, d, precision)
    if unit in ("D", "W", "M") and key(m["dir"]) in ("later", "earlier"):
        # "three days later", "a week earlier": days counted from some event, an amount (TimeML DURATION)
        # that ends on the day it reaches; "a year earlier" names the year (a DATE, as in earnings reports)
        return Norm(
            "DURATION", duration_value(n, unit), source="relative", degraded=degraded or deg2, point=value
        )
    return Norm("DATE", value, source="relative", degraded=degraded or deg2)


def fixed(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    text = key(m.group(0))
    if text in ("current", "recent") and not re.match(r"\s+[a-z]", ctx.text[m.end() : m.end() + 3]):
        return None  # the adjectives only before a noun ("current account" is not; "current" alone is)
    return Norm(rule.type or "DATE", rule.value or "PRESENT_REF", mod=rule.mod, source="relative")


_IN_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)


def duration(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    unit_word = key(m["unit"]).replace(" long", "")
    unit = ctx.rules.lookup["units"].get(unit_word) or _WORD_UNITS.get(unit_word)
    if unit is None:
        unit = ctx.rules.lookup["units"].get(unit_word.rstrip("s"))
    if unit is None:
        return None
    num_s = _group(m, "number")
    if num_s and re.fullmatch(r"(?:1\d|20)\d\d", num_s.strip()):
        return None  # "the 1988 quarter" is a year, not 1988 quarters
    if re.match(
        r"[- ](?:years?|months?|weeks?|days?)?[- ]?old\b", ctx.text[m.end() : m.end() + 12], re.I
    ) or re.search(r"[- ]old$", m.group(0)):
        return None  # ages ("a 44-year-old man") are not annotated as durations
    if rule.name in ("half_unit", "quarter_unit"):
        return Norm("DURATION", duration_value(0.5 if rule.name == "half_unit" else 0.25, unit))
    if num_s is None:
        # "in recent years", "for weeks": some number of them; "a day-long meeting", "the whole year": one
        plural = unit_word.endswith("s") or unit_word in ("millennia",)
        return Norm("DURATION", duration_value(None if plural else 1, unit))
    k = key(num_s)
    if unit == "TS" and k in ("a", "an", "one"):
        return None  # "a second time"
    n = number(ctx.rules, num_s)
    if n is not None and n > 5000:
        return None
    if re.search(r"\band a half\b", m.group(0), re.I) and n is not None:
        n += 0.5
    if (
        n is not None
        and n == int(n)
        and unit in ("Y", "M", "W", "D")
        and ctx.ref is not None
        and _group(m, "range") is None
        and not key(m.group(0)).startswith("the ")
        and _IN_BEFORE.search(ctx.text, max(0, m.start() - 4), m.start())
        and not ctx.text.startswith(" or ", m.end())
        and _direction(ctx, m) == "future"
    ):
        # "the stock would be redeemed in five years": the point that far ahead of the reference
        d, precision, degraded = shift(ctx.ref, n, unit)
        value, deg2 = at(ctx.ref, d, precision)
        return Norm("DATE", value, source="relative", degraded=degraded or deg2)
    return Norm("DURATION", duration_value(n, unit), mod=_number_mod(ctx, num_s))


def time(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    word = _group(m, "hour_word")
    if word:
        hh, mi = (0, 0) if key(word) == "midnight" else (12, 0)
    else:
        h = m["hour"]
        hv = number(ctx.rules, h)
        if hv is None:
            return None
        hh, mi = int(hv), int(_group(m, "minute") or 0)
        ampm = (_group(m, "ampm") or "").lower().replace(".", "")
        part = key(_group(m, "part") or "")
        if ampm == "pm" or part in ("afternoon", "evening"):
            hh = hh % 12 + 12
        elif ampm == "am" or part == "morning":
            hh = hh % 12
        if hh > 23 or mi > 59:
            return None
    clock = f"T{hh:02d}:{mi:02d}"
    if _group(m, "month") and _group(m, "day"):
        norm = date(ctx, m, rule)
        if norm is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", norm.value):
            return None
        return Norm("TIME", norm.value + clock, source=norm.source, degraded=norm.degraded)
    if _group(m, "weekday") and ctx.ref is not None and ctx.ref.precision == "day":
        wd = ctx.rules.lookup["weekdays"][key(m["weekday"])]
        return Norm("TIME", _weekday_date(ctx, m, ctx.ref, wd, None).isoformat() + clock, source="relative")
    if ctx.ref is None or ctx.ref.precision != "day":
        return Norm("TIME", f"XXXX-XX-XX{clock}", source="relative", degraded=ctx.ref is not None)
    return Norm("TIME", ctx.ref.date.isoformat() + clock, source="relative")


_ADVERBS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "quarterly": "P3M",
    "nightly": "TNI",
    "biannually": "P6M",
    "semiannually": "P6M",
    "biweekly": "P2W",
    "fortnightly": "P2W",
    "year round": "P1Y",
    "annual": "P1Y",
    "semiannual": "P6M",
}


def set_(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    if _group(m, "adverb"):
        return Norm("SET", _ADVERBS.get(key(m["adverb"]), "P1D"))
    if _group(m, "season_word"):
        return Norm("SET", "P3M")  # "each season": a season is three months
    if _group(m, "weekday"):
        if not _word_ok(ctx, m, "weekday"):
            return None
        parts = _group(m, "day_parts")
        part = ctx.rules.lookup["day_parts"].get(key(parts)[:-1]) if parts else None
        suffix = f"T{part}" if part else ""
        return Norm("SET", f"XXXX-WXX-{ctx.rules.lookup['weekdays'][key(m['weekday'])]}{suffix}")
    if _group(m, "season"):
        return Norm("SET", f"XXXX-{ctx.rules.lookup['seasons'][key(m['season'])]}")
    if _group(m, "month"):
        return Norm("SET", f"XXXX-{ctx.rules.lookup['months'][key(m['month'])]:02d}")  # "each July"
    if _group(m, "day_part"):
        return Norm("SET", f"T{ctx.rules.lookup['day_parts'][key(m['day_part'])]}")
    unit = ctx.rules.lookup["units"].get(key(m["unit"])) if _group(m, "unit") else None
    if unit is None:
        return None
    n = number(ctx.rules, _group(m, "number")) if _group(m, "number") else 1.0
    if "other" in key(m.group(0)).split():
        n = (n or 1) * 2
    return Norm("SET", duration_value(n, unit))


BLOCK = "BLOCK"


def block(ctx: Context, m: re.Match[str], rule: Rule) -> Norm | None:
    """A negative rule: the span is not a time expression, and nothing inside it is ("$500 million a year" is
    a rate, not a duration; "its quarterly dividend" names a kind of payment). The tagger drops it."""
    return Norm(BLOCK, "")


KINDS: dict[str, Callable[[Context, re.Match[str], Rule], Norm | None]] = {
    "iso": iso,
    "numeric": numeric,
    "date": date,
    "month": month,
    "year": year,
    "decade": decade,
    "century": century,
    "holiday": holiday,
    "season": season,
    "quarter": quarter,
    "year_earlier": year_earlier,
    "dayword": dayword,
    "weekday": weekday,
    "pointer": pointer,
    "offset": offset,
    "fixed": fixed,
    "duration": duration,
    "time": time,
    "set": set_,
    "block": block,
}
