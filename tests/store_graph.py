"""A small, hand-made event graph for the store tests (built with model.py + build_graph, no NLP).

It has the shapes the analyst queries look for: a chain of events linking actors, co-participation,
an event with disputed dates, an undated event, a decade-precision event, places, documents that mention
two actors, and text with quotes, backslashes and newlines to exercise escaping.
"""

from __future__ import annotations

import networkx as nx

from eventgraph.graph import build_graph
from eventgraph.model import Actor, Document, Event, EventMention, Evidence, Participant, PlaceRef, TimeValue


def _doc(i: int, title: str, published: str) -> Document:
    return Document(
        id=f"doc_{i}",
        path=f"00{i}_article.txt",
        text="x" * 400,
        sha256=f"{i:064d}",
        title=title,
        source="Example Wire",
        url=f"https://example.org/{i}",
        published=published,
    )


def _ev(doc: str, start: int, sentence: str) -> Evidence:
    return Evidence(
        doc=doc,
        start=start,
        end=start + 5,
        sentence=sentence,
        sentence_start=start,
        sentence_end=start + len(sentence),
    )


def _actor(
    aid: str, name: str, kind: str, mentions: list[tuple[str, int]], aliases=(), country=None
) -> Actor:
    return Actor(
        id=aid,
        name=name,
        kind=kind,
        country=country,
        aliases=list(aliases),
        mentions=[_ev(doc, 10 * n, f"{name} here.") for doc, count in mentions for n in range(count)],
    )


def _date(value: str, start: str | None, end: str | None, precision: str, source: str = "text") -> TimeValue:
    return TimeValue(value=value, start=start, end=end, precision=precision, source=source, confidence=0.9)


def small_graph() -> nx.MultiDiGraph:
    docs = [
        _doc(1, "Minsk and Moscow", "2020-09-15"),
        _doc(2, "Wagner men detained", "2020-07-30"),
        _doc(3, 'An "odd" title, with \\ backslash', "2021"),
    ]
    actors = [
        _actor(
            "ac_lukashenko",
            "Alexander Lukashenko",
            "person",
            [("doc_1", 3), ("doc_2", 2)],
            aliases=["Lukashenka", "Aliaksandr Lukashenka"],
            country="BY",
        ),
        _actor("ac_putin", "Vladimir Putin", "person", [("doc_1", 2)], aliases=["Putin"], country="RU"),
        _actor("ac_kgb", "KGB of Belarus", "organization", [("doc_2", 4)], country="BY"),
        _actor(
            "ac_wagner",
            "Wagner Group",
            "armed_group",
            [("doc_2", 1), ("doc_3", 1)],
            aliases=["PMC, 'Wagner'"],
        ),
        _actor("ac_tikh", "Sviatlana Tsikhanouskaya", "person", [("doc_1", 1)], country="BY"),
        _actor("ac_lonely", "Nobody In Particular", "unknown", [("doc_3", 1)]),
    ]
    minsk = PlaceRef(id="pl_minsk", name="Minsk", country="BY")
    sochi = PlaceRef(id="pl_sochi", name="Sochi", country="RU")
    crimea = PlaceRef(id="pl_crimea", name="Crimea")

    def mention(doc: str, start: int, trigger: str, sentence: str) -> EventMention:
        return EventMention(type="x", trigger=trigger, evidence=_ev(doc, start, sentence))

    events = [
        Event(
            id="ev_crimea",
            title="Russia annexes Crimea",
            type="annexation",
            date=_date("2014", "2014-01-01", "2015-01-01", "year"),
            actors=[Participant("ac_putin", "Vladimir Putin", "person", "agent")],
            places=[crimea],
            mentions=[mention("doc_1", 100, "annexation", "Crimea's annexation in 2014 changed things.")],
            confidence=0.8,
        ),
        Event(
            id="ev_arrest",
            title="Belarusian KGB detains 33 Wagner fighters",
            type="arrest",
            date=_date("2020-07-29", "2020-07-29", "2020-07-30", "day"),
            actors=[
                Participant("ac_kgb", "KGB of Belarus", "organization", "agent"),
                Participant("ac_wagner", "Wagner Group", "armed_group", "patient"),
                Participant("ac_lukashenko", "Alexander Lukashenko", "person", "participant"),
            ],
            places=[minsk],
            mentions=[
                mention("doc_2", 20, "detained", 'The KGB "detained" 33 men near Minsk.'),
                mention("doc_3", 40, "arrest", "The arrest, on July 29,\nwas a shock \\ surprise."),
            ],
            date_conflicts=[_date("2020-07-30", "2020-07-30", "2020-07-31", "day")],
            confidence=0.9,
        ),
        Event(
            id="ev_election",
            title="Belarusian presidential election",
            type="election",
            date=_date("2020-08-09", "2020-08-09", "2020-08-10", "day"),
            actors=[
                Participant("ac_lukashenko", "Alexander Lukashenko", "person", "agent"),
                Participant("ac_tikh", "Sviatlana Tsikhanouskaya", "person", "participant"),
            ],
            places=[minsk],
            mentions=[mention("doc_1", 200, "election", "The election of Aug 9 2020 was disputed.")],
            confidence=0.95,
        ),
        Event(
            id="ev_sochi",
            title="Lukashenko and Putin meet in Sochi",
            type="meeting",
            date=_date("2020-09-14", "2020-09-14", "2020-09-15", "day"),
            actors=[
                Participant("ac_lukashenko", "Alexander Lukashenko", "person", "agent"),
                Participant("ac_putin", "Vladimir Putin", "person", "agent"),
            ],
            places=[sochi],
            mentions=[
                mention("doc_1", 300, "met", "Lukashenko met Putin in Sochi on Sept 14."),
                mention("doc_1", 350, "meeting", "The meeting lasted four hours."),
            ],
            confidence=0.9,
        ),
        Event(
            id="ev_loan",
            title="Russia promises a $1.5bn loan",
            type="agreement",
            date=_date("2020-09", "2020-09-01", "2020-10-01", "month"),
            actors=[
                Participant("ac_putin", "Vladimir Putin", "person", "agent"),
                Participant("ac_lukashenko", "Alexander Lukashenko", "person", "beneficiary"),
            ],
            mentions=[mention("doc_1", 380, "promised", "Moscow promised a loan.")],
            confidence=0.7,
        ),
        Event(
            id="ev_union",
            title="Union State integration talks",
            type="meeting",
            date=_date("201X", "2010-01-01", "2020-01-01", "decade"),
            actors=[Participant("ac_lukashenko", "Alexander Lukashenko", "person", "participant")],
            mentions=[mention("doc_3", 10, "talks", "Integration talks dragged on in the 2010s.")],
            confidence=0.6,
        ),
        Event(
            id="ev_someday",
            title="Protesters rally",
            type="protest",
            date=_date("PAST_REF", None, None, ""),
            actors=[Participant("ac_tikh", "Sviatlana Tsikhanouskaya", "person", "agent")],
            places=[minsk],
            mentions=[mention("doc_3", 60, "rally", "Protesters rallied at some point.")],
            confidence=0.5,
        ),
    ]
    return build_graph(docs, actors, events)


# Parameters for every queries/*.cypher file on small_graph() (chosen so each query returns rows).
QUERY_PARAMS = {
    "actor": "Alexander Lukashenko",
    "from_date": "2020-07-01",
    "to_date": "2020-10-01",
    "type": "meeting",
    "limit": 25,
    "source_actor": "KGB of Belarus",
    "target_actor": "Vladimir Putin",
    "event": "Belarusian KGB detains 33 Wagner fighters",
    "place": "Minsk",
    "window": __import__("datetime").timedelta(days=60),
    "actor_a": "Alexander Lukashenko",
    "actor_b": "Vladimir Putin",
}


def normalise_rows(rows: list[list]) -> list[str]:
    """Rows in an engine-independent, order-independent form (lists inside rows sorted when they are sets)."""
    return sorted(repr(row) for row in rows)
