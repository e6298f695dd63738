"""Bad input never crashes the tagger: any text, any DCT string (valid, partial, garbage)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventgraph.temporal import interval, parse_dct, tag, well_formed
from eventgraph.temporal.values import TIMEX3_MODS, TIMEX3_TYPES

# Text that is mostly date-like, so that the rules actually fire, mixed with arbitrary Unicode.
_WORDS = [
    "May",
    "may",
    "March",
    "2014",
    "1989-1991",
    "Friday",
    "last",
    "next",
    "year",
    "years",
    "ago",
    "a",
    "the",
    "early",
    "end",
    "of",
    "week",
    "Sept.",
    "14,",
    "20-08-21",
    "2020-07-29",
    "5-day",
    "every",
    "Monday",
    "more",
    "than",
    "decade",
    "1990s",
    "'60s",
    "noon",
    "10:35",
    "a.m.",
    "fall",
    "quarter",
    "third",
    "half",
    "today",
    "now",
    "fiscal",
    "30/02/2020",
    "31-04-99",
    "Feb.",
    "29",
    "century",
    "21st",
    "mid-",
    "\n",
    "—",
    "\u00a0",
    "0000",
    "9999",
    "2099",
    "1000",
    "00:00",
    "24:00",
    "twenty-four",
    "hours",
    "Christmas",
    "éé",
]
datey_text = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=4)), max_size=30).map(" ".join)
any_text = st.one_of(st.text(max_size=200), datey_text)
any_dct = st.one_of(
    st.none(),
    st.text(max_size=25),
    st.from_regex(r"\d{4}(-\d{2}(-\d{2})?)?", fullmatch=True),
    st.sampled_from(["2021", "2021-08", "2021-08-20", "0001", "9999-12-31", "2021-02-30", "garbage", ""]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, dct=any_dct)
def test_any_text_any_dct_never_crashes(text: str, dct: str | None) -> None:
    found = tag(text, dct)
    prev = -1
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.start >= prev
        prev = t.start
        assert t.type in TIMEX3_TYPES
        assert well_formed(t.value), t.value
        assert t.mod is None or t.mod in TIMEX3_MODS
        if t.date is not None:
            assert t.type in ("DATE", "TIME")
            assert t.date.start < t.date.end
            assert (t.date.start, t.date.end, t.date.precision) == interval(t.value)


@settings(max_examples=200, deadline=None)
@given(dct=st.text(max_size=30))
def test_parse_dct_raises_only_value_error(dct: str) -> None:
    try:
        value = parse_dct(dct)
    except ValueError as exc:
        assert "date" in str(exc)
    else:
        assert interval(value.value) is not None


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=20))
def test_interval_never_crashes(value: str) -> None:
    span = interval(value)
    if span is not None:
        assert span[0] < span[1]


def test_well_formed_grammar_examples() -> None:
    good = [
        "2020-08-09",
        "2020-08",
        "2020",
        "2020-W11",
        "2020-FA",
        "201X",
        "19XX",
        "PRESENT_REF",
        "PAST_REF",
        "P1Y",
        "PXM",
        "XXXX-WI",
        "PT5H30M",
        "2020-08-09T10:35",
        "XXXX-WXX-1",
        "2020-W33-WE",
        "P1.5Y",
    ]
    bad = ["", "P", "2020-8-9", "yesterday", "2020-08-09T", "Q3", "PT"]
    assert all(well_formed(v) for v in good)
    assert not any(well_formed(v) for v in bad)
    assert all(re.fullmatch(r"[\w\-:.]+", v) for v in good)


def test_interval_of_the_last_century_decade_and_year_is_none() -> None:
    # they would end in the year 10000, which ISO dates cannot write
    assert [interval(v) for v in ("99", "99XX", "999X", "9999")] == [None] * 4
    assert interval("9998") == ("9998-01-01", "9999-01-01", "year")
