"""The tagger: run the rules over a text, keep the best non-overlapping matches, normalise them."""

from __future__ import annotations

import bisect
import calendar
import re
from typing import Any

from ..model import TimeValue, Timex
from .resolve import BLOCK, KINDS, Context, Norm
from .rules import Rules, key, load_rules
from .tense import Tense, doc_tense, heuristic_tense, sentence_bounds
from .values import Ref, interval, ref_from, well_formed

# Words, numbers and apostrophes: the places where a match can start.
_TOKEN = re.compile(r"[^\W\d_]+|\d+|['’]")

_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# "April 24 and 25": a second day of the month, not an amount ("Oct. 23 and 25 people")
_AND_DAY = re.compile(r"\s+(?:and|or)\s+(\d{1,2})(?:st|nd|rd|th)?\b(?![.,]?\d|\s+[a-z])")
_MONTH_OR_SEASON = re.compile(r"\d{4}-(?:\d\d|SP|SU|FA|WI)")
_YEAR_JOIN = re.compile(r"\s*,?\s*(?:of\s+)?")
_CALENDAR = re.compile(r"\d{4}(?:-\d\d(?:-\d\d(?:T\d\d:\d\d)?)?)?")
_BARE_CLOCK = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
_JUST_BEFORE_DAY = re.compile(
    r"\s*(?:\([^()\n]{1,25}\)\s*)?(?:,\s*)?(?:on\s+)?"
)  # "10 a.m. (0700 GMT) Friday"
_DAY_WINDOW = 300  # characters: how long a day named in the text stays the day of clock times after it
# characters (two or three paragraphs): how long a quarter stays the topic of comparisons
_TOPIC_WINDOW = 1200
_PERIOD = re.compile(r"\d{4}-[QH]\d")
_MONTHS_STRETCH = re.compile(r"P(?:6|9)M|P1Y")
_YEAR_BACK = re.compile(
    r"(?:(?:a|one) year (?:earlier|ago|before)|(?:the )?year[- ](?:earlier|ago)(?: (?:period|quarter))?)",
    re.IGNORECASE,
)

_YEAR_PERIOD = re.compile(r"the \d{4} (?:period|quarter)", re.IGNORECASE)
_LAST_YEAR = re.compile(r"last year", re.IGNORECASE)
_COMPARED_WORD = re.compile(r"\b(?:from|with|than|to)\s+$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"['’]s\s+(?:[$£€#]\s?)?\d")
# "compared with a loss of $3 million last year", "up from 83 cents last year": an amount compared
_COMPARED = re.compile(
    r"\b(?:compared (?:with|to)|from|versus|vs\.|against)\b[^.;]*?"
    r"(?:[$£€#] ?\d|\d[\d,.]* ?(?:%|percent|cents|million|billion))[^.;]*$",
    re.IGNORECASE,
)

# Expressions that point back to a time the text has just mentioned.
_ANAPHORIC = re.compile(
    r"(?:that|the\s+(?:following|next|previous|preceding|same|prior))\s+(?:\w+\s+)?"
    r"(?:year|month|week|day|morning|afternoon|evening|night|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|spring|summer|fall|autumn|winter|quarter)\b"
    r"|.*\b(?:later|earlier|afterwards?)$",
    re.IGNORECASE,
)

# Kinds that name a calendar point (a day, a month, a clock time) even when the year must be inferred.
_NAMED = {"date", "month", "weekday", "dayword", "time"}

# Kinds whose values are tied to the document's "now" (deictic) rather than to the last date mentioned.
_DEICTIC = {"dayword", "fixed", "time", "year", "iso", "numeric", "decade", "century", "duration", "set"}


def _no_tense(start: int, end: int) -> Tense | None:
    return None


def _confidence(norm: Norm) -> float:
    if norm.degraded:
        return 0.5
    return 0.95 if norm.source == "text" else 0.8


class Tagger:
    """A compiled set of rules; :func:`eventgraph.temporal.tag` uses a shared default instance."""

    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or load_rules()

    def candidates(self, text: str) -> list[tuple[int, int, int, re.Match[str]]]:
        """Every match of every rule. A rule is tried only at word starts shortly before (or at) one of its
        anchor words, instead of at every character: that is where the speed comes from."""
        rules = self.rules
        index, digit_rules, year_rules = rules.anchor_index, rules.digit_rules, rules.year_rules
        starters = rules.starters
        starts: list[int] = []  # where a match may begin: numbers, apostrophes and starter words
        anchored: dict[int, list[int]] = {}
        for tok in _TOKEN.finditer(text):
            s = tok.start()
            w = tok.group()
            c = w[0]
            if c.isdigit():
                starts.append(s)
                hits: tuple[int, ...] = digit_rules
                if len(w) == 4 and w[0] in "12":
                    hits = hits + year_rules
            elif c in "'’":
                starts.append(s)
                hits = rules.apostrophe_rules
            else:
                lw = w.lower()
                if lw not in starters:
                    continue
                starts.append(s)
                hits = index.get(lw, ())
            for i in hits:
                anchored.setdefault(i, []).append(s)
        found = []
        for i, positions in anchored.items():
            regex = rules.rules[i].regex
            lookback = rules.rules[i].lookback
            tried: set[int] = set()
            for p in positions:
                if lookback == 0:
                    m = regex.match(text, p)
                    if m and m.end() > p:
                        found.append((p, m.end(), i, m))
                    continue
                lo = bisect.bisect_left(starts, p - lookback)
                hi = bisect.bisect_right(starts, p)
                for s in starts[lo:hi]:
                    if s in tried:
                        continue
                    tried.add(s)
                    m = regex.match(text, s)
                    if m and m.end() > s:
                        found.append((s, m.end(), i, m))
        for i in rules.unanchored:
            for m in rules.rules[i].regex.finditer(text):
                if m.end() > m.start():
                    found.append((m.start(), m.end(), i, m))
        return found

    def tag(
        self,
        text: str,
        dct: TimeValue | str | None = None,
        *,
        doc: Any = None,
        narrative: bool = False,
    ) -> list[Timex]:
        if not isinstance(text, str) or not text:
            return []
        dct_ref = ref_from(dct)

        def tense(start: int, end: int) -> Tense | None:
            t = doc_tense(doc, start, end) if doc is not None else None
            return t or heuristic_tense(text, start, end)

        ctx = Context(text=text, rules=self.rules, ref=dct_ref, tense=tense)
        # Longest match first; among equals, the earlier rule. Normalise lazily: a rejected match ("may" the
        # verb) frees its span for shorter ones.
        cands = sorted(self.candidates(text), key=lambda c: (c[0] - c[1], c[2], c[0]))
        taken: list[tuple[int, int]] = []
        chosen: list[tuple[int, int, Norm, tuple[int, re.Match[str]]]] = []
        for start, end, i, m in cands:
            if any(s < end and start < e for s, e in taken):
                continue
            rule = self.rules.rules[i]
            kind = KINDS[rule.kind]
            try:
                norm = kind(ctx, m, rule)
            except (ValueError, KeyError, OverflowError, IndexError, TypeError):
                norm = None  # a rule that cannot read this match: treat as no match, never crash
            if norm is None:
                continue
            if rule.type and norm.type not in ("DURATION",):
                norm.type = rule.type
            if rule.mod:
                norm.mod = rule.mod
            taken.append((start, end))
            chosen.append((start, end, norm, (i, m)))
        chosen = [c for c in chosen if c[2].type != BLOCK]  # negative rules only claim their span
        chosen.sort(key=lambda c: (c[0], c[1]))
        self._join_years(text, chosen)
        self._conjoined_days(text, chosen)
        if dct_ref is not None:
            self._renarrate(ctx, chosen, dct_ref, narrative)
        self._repeated_days(chosen)
        self._clock_days(text, chosen)
        self._compare_periods(text, chosen)
        out = []
        for start, end, norm, _kind in chosen:
            start, end, norm = self._extend(text, start, end, norm, [(s, e) for s, e, _, _ in chosen])
            if not well_formed(norm.value):
                continue
            out.append(self._timex(text, start, end, norm))
        return out

    def _join_years(self, text: str, chosen: list) -> None:
        """A month or season followed by a year the rules read on their own ("January nineteen ninety-seven",
        "the winter of nineteen ninety-four") is that month or season of that year, one expression."""
        n = 0
        while n + 1 < len(chosen):
            start, end, norm, (i, m) = chosen[n]
            nstart, nend, nnorm, nk = chosen[n + 1]
            if (
                self.rules.rules[i].kind in ("month", "season")
                and norm.source == "relative"
                and _MONTH_OR_SEASON.fullmatch(norm.value)
                and self.rules.rules[nk[0]].kind == "year"
                and re.fullmatch(r"\d{4}", nnorm.value)
                and _YEAR_JOIN.fullmatch(text, end, nstart)
            ):
                joined = Norm("DATE", nnorm.value + norm.value[4:], mod=norm.mod)
                chosen[n : n + 2] = [(start, nend, joined, (i, m))]
            n += 1

    def _conjoined_days(self, text: str, chosen: list) -> None:
        """A second day of the same month after "and"/"or" ("the summit on April 24 and 25") is a date of its
        own, in the month and year of the first."""
        taken = {s for s, _e, _n, _k in chosen}
        for _start, end, norm, kind in list(chosen):
            if not (
                norm.type == "DATE"
                and _DAY.fullmatch(norm.value)
                and self.rules.rules[kind[0]].kind == "date"
            ):
                continue
            m = _AND_DAY.match(text, end)
            if m is None or m.start(1) in taken:
                continue
            day = int(m[1])
            first = int(norm.value[8:10])
            if not first < day <= calendar.monthrange(int(norm.value[:4]), int(norm.value[5:7]))[1]:
                continue
            second = Norm("DATE", f"{norm.value[:8]}{day:02d}", source=norm.source, degraded=norm.degraded)
            chosen.append((m.start(1), m.end(1), second, kind))
        chosen.sort(key=lambda c: (c[0], c[1]))

    def _repeated_days(self, chosen: list) -> None:
        """A month and day without a year that the text has already dated ("after Aug. 9 last year … the
        events of Aug. 9") is that same day, not the one nearest the reference."""
        dated: dict[str, str] = {}
        for _start, _end, norm, (i, m) in chosen:
            if norm.type != "DATE" or not _DAY.fullmatch(norm.value):
                continue
            bare = (
                self.rules.rules[i].kind == "date"
                and norm.source == "relative"
                and not m.groupdict().get("year")
                and not m.groupdict().get("pointer")
                and not m.groupdict().get("dptr")
            )
            if bare and norm.value[4:] in dated:
                norm.value = dated[norm.value[4:]]
            else:
                dated[norm.value[4:]] = norm.value

    def _clock_days(self, text: str, chosen: list) -> None:
        """A bare clock time ("at 10:35 a.m.") is on the day named right after it ("10:35 a.m. (0735 GMT)
        Friday"), else on the day the text has just been talking about, if one was named shortly before;
        otherwise on the reference day."""
        last_day: tuple[int, str] | None = None
        for n, (start, end, norm, (i, m)) in enumerate(chosen):
            if norm.type == "DATE" and _DAY.fullmatch(norm.value):
                last_day = (end, norm.value)
                continue
            bare = (
                norm.type == "TIME"
                and self.rules.rules[i].kind == "time"
                and _BARE_CLOCK.fullmatch(norm.value)
                and m.groupdict().get("month") is None
                and m.groupdict().get("weekday") is None
            )
            following = chosen[n + 1] if n + 1 < len(chosen) else None
            if (
                bare
                and following is not None
                and following[2].type == "DATE"
                and _DAY.fullmatch(following[2].value)
                and _JUST_BEFORE_DAY.fullmatch(text, end, following[0])
            ):
                norm.value = following[2].value + norm.value[10:]
            elif bare and last_day is not None and start - last_day[0] <= _DAY_WINDOW:
                norm.value = last_day[1] + norm.value[10:]

    def _compare_periods(self, text: str, chosen: list) -> None:
        """ "Profit rose in the third quarter from $5 million a year earlier": a year-back comparison made
        while a quarter (or half) is the topic means that quarter a year before, not the whole year; so does
        "last year" in a comparison ("compared with a loss last year"), and "the 1988 period" is that quarter
        of 1988. The topic is the quarter last mentioned shortly before (or, failing that, later in the same
        sentence)."""
        # the topic: a quarter or half; or a stretch of months or a year ("the first nine months", "the year
        # ended Aug. 31"), after which a year-back comparison is the year itself
        periods = [
            (s, norm.value if norm.type == "DATE" else None)
            for s, e, norm, _k in chosen
            if (_PERIOD.fullmatch(norm.value) and not _YEAR_BACK.search(text[s:e]))
            or (norm.type == "DURATION" and _MONTHS_STRETCH.fullmatch(norm.value))
        ]
        if not periods:
            return
        for start, end, norm, _kind in chosen:
            if not re.fullmatch(r"\d{4}", norm.value):
                continue
            said = text[start:end]
            year_period = _YEAR_PERIOD.fullmatch(said)
            if not (
                _YEAR_BACK.fullmatch(said)
                or year_period
                or (_LAST_YEAR.fullmatch(said) and self._compared(text, start, end))
            ):
                continue
            before = [v for s, v in periods if start - _TOPIC_WINDOW <= s < start]
            _s0, s1 = sentence_bounds(text, start, end)
            after = [v for s, v in periods if end <= s < s1]
            period = before[-1] if before else after[0] if after else None
            if period and year_period:
                norm.value = norm.value + period[4:]
            elif period:
                norm.value = f"{int(period[:4]) - 1:04d}{period[4:]}"

    @staticmethod
    def _compared(text: str, start: int, end: int) -> bool:
        """Whether "last year" at [start, end) is the other side of a comparison of amounts: "compared with
        a loss of $3 million last year", "a 13% increase from last year's $1.55 billion"."""
        if _COMPARED.search(text, max(0, start - 60), start):
            return True
        return bool(_COMPARED_WORD.search(text, max(0, start - 10), start) and _AMOUNT_AFTER.match(text, end))

    def _renarrate(self, ctx: Context, chosen: list, dct_ref: Ref, narrative: bool) -> None:
        """Anaphoric expressions ("that year", "the following day", "the previous Friday") resolve against the
        last date the text stated or named (see :meth:`_anchors`), not the DCT; in narrative mode, so do all
        relative ones that are not tied to the moment of writing ("on Friday", "in March", "a year later")."""
        anchor: Ref | None = None
        tense = ctx.tense
        for n, (start, end, norm, (i, m)) in enumerate(chosen):
            rule = self.rules.rules[i]
            explicit = rule.anaphoric or _ANAPHORIC.match(ctx.text, start, end) is not None
            anaphoric = explicit or (narrative and rule.kind not in _DEICTIC and norm.source == "relative")
            if anaphoric and anchor is not None and norm.source == "relative":
                # the tense says which way from the moment of writing, not from the anchor: "The war began
                # on March 3, 1999. In May, the troops left" is May 1999
                ctx.ref, ctx.tense = anchor, _no_tense
                try:
                    new = KINDS[rule.kind](ctx, m, rule)
                except (ValueError, KeyError, OverflowError, IndexError, TypeError):
                    new = None
                finally:
                    ctx.ref, ctx.tense = dct_ref, tense
                # An anchor coarser than the expression gives it only the anchor's precision: "killed last
                # October … crossed out that same day" is a day of last October (1998-10), not the DCT's
                # day. In narrative mode a day named without a pointer ("on Friday") stays the DCT's.
                if new is not None and (explicit or not new.degraded):
                    new.mod = new.mod or norm.mod
                    chosen[n] = (start, end, new, (i, m))
                    norm = new
            if norm.type in ("DATE", "TIME") and self._anchors(rule.kind, norm):
                r = ref_from(TimeValue(norm.value))
                if r is not None:
                    anchor = r

    @staticmethod
    def _anchors(kind: str, norm: Norm) -> bool:
        """Whether a date the tagger found becomes the anchor of the anaphoric expressions after it: a date
        the text states, or a calendar day, month or clock time it names without the year ("Aug. 12", "in
        January", "on Friday", "yesterday"). Relative periods ("a year earlier", "last week") do not, so
        that repeated comparisons do not drift back one step at a time."""
        if norm.source == "text":
            return True
        return kind in _NAMED and not norm.degraded and _CALENDAR.fullmatch(norm.value) is not None

    def _extend(self, text: str, start: int, end: int, norm: Norm, spans: list[tuple[int, int]]) -> tuple:
        """Widen a match over a preceding "early", "the end of", "mid-" (mod START/END/MID) or, for amounts,
        "about", "more than", "nearly" (mod APPROX/MORE_THAN/LESS_THAN)."""
        window_start = max(0, start - 40)
        prev_end = max((e for s, e in spans if e <= start), default=0)
        window_start = max(window_start, prev_end)
        before = text[window_start:start]
        if norm.type in ("DATE", "TIME") and norm.value not in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
            m = self.rules.part_prefix.search(before)
            span = interval(norm.value)
            the = m is not None and m["the"] is not None
            if m and key(m["part"]) in ("earlier", "later") and (span is None or span[2] in ("day", "hour")):
                m = None  # "earlier Friday", "later today": the day itself is the expression
            if m:
                mod = self.rules.lookup["period_parts"].get(key(m["part"]))
                norm.mod = norm.mod or mod
                start = window_start + (m.start("the") if the else m.start("part"))
                before = text[window_start:start]
        if re.match(
            r"\d|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|"
            r"several|a few|few|a couple)\b",
            text[start:end],
            re.I,
        ):
            m = self.rules.approx_prefix.search(before)
            if m:
                mod = self.rules.lookup["approximators"].get(key(m["approx"]))
                norm.mod = norm.mod or mod
                # Comparatives belong to the expression ("more than a year"); hedges ("about five hours",
                # "nearly two weeks") are left outside the span, as TimeBank does, but still set the mod.
                if mod not in ("APPROX", "LESS_THAN") or key(m["approx"]) in (
                    "less than",
                    "under",
                    "just under",
                ):
                    start = window_start + m.start("approx")
        return start, end, norm

    def _timex(self, text: str, start: int, end: int, norm: Norm) -> Timex:
        date = None
        point = norm.value if norm.type in ("DATE", "TIME") else norm.point
        if point is not None:
            span = interval(point)
            if span is not None:
                date = TimeValue(
                    value=point,
                    start=span[0],
                    end=span[1],
                    precision=span[2],
                    source=norm.source,
                    confidence=_confidence(norm),
                    mod=norm.mod,
                )
        return Timex(
            start=start,
            end=end,
            text=text[start:end],
            type=norm.type,
            value=norm.value,
            mod=norm.mod,
            date=date,
        )
