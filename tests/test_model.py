"""The shared data model round-trips through JSON (it crosses processes and the on-disk cache)."""

from __future__ import annotations

from eventgraph.model import (
    DocResult,
    Document,
    Event,
    EventMention,
    Evidence,
    Participant,
    TimeValue,
    stable_id,
)


def test_ids_depend_only_on_content():
    assert stable_id("ev", "a", 1) == stable_id("ev", "a", 1)
    assert stable_id("ev", "a", 1) != stable_id("ev", "a", 2)
    assert stable_id("ac", "x").startswith("ac_")


def test_nested_records_round_trip():
    date = TimeValue("2020-07-29", "2020-07-29", "2020-07-30", "day", "text", 0.95)
    mention = EventMention(
        "arrest",
        "detained",
        Evidence("doc_1", 10, 18, "They were detained.", 0, 19),
        date=date,
        participants=[Participant("k", "KGB", "organization", "agent")],
    )
    result = DocResult(Document("doc_1", "a.txt", "They were detained.", "abc", dct=date), events=[mention])
    again = DocResult.from_dict(result.to_dict())
    assert again == result
    event = Event("ev_1", "Arrest", "arrest", date, mentions=[mention], date_conflicts=[date])
    assert Event.from_dict(event.to_dict()) == event
