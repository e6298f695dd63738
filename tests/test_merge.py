"""Merging event mentions into events: blocking rules, dates, conflicts, determinism and scale."""

from __future__ import annotations

import time

import pytest

from eventgraph.merge import merge_events
from eventgraph.model import EventMention, Evidence, Participant, TimeValue


def tv(value: str, start: str, end: str, precision: str, source: str = "text", conf: float = 0.9, mod=None):
    return TimeValue(value, start, end, precision, source, conf, mod)


DAY = tv("2020-08-09", "2020-08-09", "2020-08-10", "day")
MONTH = tv("2020-08", "2020-08-01", "2020-09-01", "month")


def mention(
    doc: str,
    start: int,
    type_: str = "election",
    date=None,
    actors=(),
    catalog=None,
    trigger="election",
    sentence: str | None = None,
    sentence_start: int | None = None,
) -> EventMention:
    s_start = start if sentence_start is None else sentence_start
    sentence = sentence or f"the {trigger} happened"
    return EventMention(
        type=type_,
        trigger=trigger,
        evidence=Evidence(doc, start, start + len(trigger), sentence, s_start, s_start + len(sentence)),
        title=trigger,
        date=date,
        participants=[Participant(a, a, "state", "agent") for a in actors],
        confidence=0.7,
        catalog=catalog,
    )


def test_same_catalogue_event_across_documents_is_one_node():
    events = merge_events(
        {"d1": [mention("d1", 10, catalog="c1", date=DAY)], "d2": [mention("d2", 5, catalog="c1", date=DAY)]},
        {},
        {},
    )
    assert len(events) == 1 and len(events[0].mentions) == 2


def test_same_type_day_and_actor_merge_and_actor_keys_become_ids():
    ms = {
        "d1": [mention("d1", 0, "arrest", DAY, ["key:kgb"], trigger="arrest")],
        "d2": [mention("d2", 0, "arrest", DAY, ["key:kgb2"], trigger="detained")],
    }
    events = merge_events(ms, {"key:kgb": "ac_1", "key:kgb2": "ac_1"}, {})
    assert len(events) == 1
    assert [p.actor for p in events[0].actors] == ["ac_1"]


def test_different_days_stay_apart():
    other = tv("2020-08-10", "2020-08-10", "2020-08-11", "day")
    ms = {"d1": [mention("d1", 0, "arrest", DAY, ["a"])], "d2": [mention("d2", 0, "arrest", other, ["a"])]}
    assert len(merge_events(ms, {}, {})) == 2


def test_conflicting_dates_are_kept_and_flagged():
    wrong = tv("2020-08-19", "2020-08-19", "2020-08-20", "day", conf=0.5)
    ms = {
        "d1": [mention("d1", 0, catalog="c1", date=DAY)],
        "d2": [mention("d2", 0, catalog="c1", date=DAY)],
        "d3": [mention("d3", 0, catalog="c1", date=wrong)],
    }
    (event,) = merge_events(ms, {}, {})
    assert event.date.value == "2020-08-09"
    assert [c.value for c in event.date_conflicts] == ["2020-08-19"]
    assert any("disagree" in n for n in event.notes)


def test_coarser_date_supports_the_finer_one():
    ms = {
        "d1": [mention("d1", 0, catalog="c1", date=DAY)],
        "d2": [mention("d2", 0, catalog="c1", date=MONTH)],
    }
    (event,) = merge_events(ms, {}, {})
    assert event.date.value == "2020-08-09" and not event.date_conflicts


def test_date_reference_folds_into_the_one_event_of_that_day():
    ms = {
        "d1": [mention("d1", 0, date=DAY, catalog="c1"), mention("d1", 200, "other", DAY, trigger="Aug. 9")]
    }
    (event,) = merge_events(ms, {}, {})
    assert event.type == "election"


def test_ambiguous_reference_is_noted_not_merged():
    ms = {
        "d1": [
            mention("d1", 0, "election", DAY, ["a"]),
            mention("d1", 50, "arrest", DAY, ["b"], trigger="arrest"),
            mention("d1", 200, "other", DAY, trigger="Aug. 9"),
        ]
    }
    events = merge_events(ms, {}, {})
    assert len(events) == 3
    assert any("may refer to any of 2" in n for e in events for n in e.notes)


def test_detail_in_next_sentence_folds_into_the_meeting():
    meeting = mention("d1", 0, "meeting", DAY, ["putin"], trigger="meeting", sentence_start=0)
    loan = mention("d1", 120, "aid", None, ["putin"], trigger="loan", sentence_start=100)
    (event,) = merge_events({"d1": [meeting, loan]}, {}, {})
    assert event.type == "meeting" and len(event.mentions) == 2


def test_definite_undated_mention_joins_the_dated_one_in_its_document():
    dated = mention("d1", 0, date=DAY, actors=["by"])
    later = mention("d1", 300, sentence="after the election nobody spoke", sentence_start=290)
    (event,) = merge_events({"d1": [dated, later]}, {}, {})
    assert event.date.value == "2020-08-09"


def test_ids_are_stable_and_order_deterministic():
    ms = {"d2": [mention("d2", 0, "arrest", DAY, ["a"])], "d1": [mention("d1", 0, "war", MONTH, ["b"])]}
    first = [e.to_dict() for e in merge_events(ms, {}, {})]
    again = [e.to_dict() for e in merge_events(dict(reversed(list(ms.items()))), {}, {})]
    assert first == again


@pytest.mark.slow
def test_merge_scales_linearly():
    ms: dict[str, list[EventMention]] = {}
    for d in range(2000):
        day = f"2020-{1 + d % 12:02d}-{1 + d % 28:02d}"
        date = TimeValue(day, day, day, "day", "text", 0.9)
        ms[f"d{d}"] = [
            mention(f"d{d}", k * 100, "statement", date, [f"a{k}"], trigger="said") for k in range(50)
        ]
    t = time.perf_counter()
    events = merge_events(ms, {}, {})
    assert time.perf_counter() - t < 60
    assert events


def test_roles_come_from_the_mentions_of_the_events_own_type_first():
    # "At the summit on Aug. 9 A praised B": both took part in the summit, whoever praised whom.
    sentence = "At the summit on Aug. 9 A praised B."
    summit = mention("d1", 7, "meeting", DAY, trigger="summit", sentence=sentence, sentence_start=0)
    praised = mention("d1", 26, "statement", DAY, trigger="praised", sentence=sentence, sentence_start=0)
    summit.participants[:] = [Participant(a, a, "person", "participant") for a in ("A", "B")]
    praised.participants[:] = [
        Participant("A", "A", "person", "agent"),
        Participant("B", "B", "person", "patient"),
    ]
    [event] = merge_events({"d1": [summit, praised]}, {}, {})
    assert event.type == "meeting"
    assert [(p.actor, p.role) for p in event.actors] == [("A", "participant"), ("B", "participant")]


def test_a_makeshift_title_gives_way_to_any_other_mentions():
    first = mention("d1", 0, "arrest", DAY, ["key:kgb"], trigger="detained")
    first.title, first.confidence = "Arrest: detained", 0.9  # the titler found nobody around the verb
    second = mention("d2", 0, "arrest", DAY, ["key:kgb"], trigger="arrested")
    second.title = "KGB arrests 33 fighters"
    [event] = merge_events({"d1": [first], "d2": [second]}, {"key:kgb": "ac_1"}, {})
    assert event.title == "KGB arrests 33 fighters"
