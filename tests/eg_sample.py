"""A small, hand-built corpus result for the timeline and graph-page tests (no extraction stages needed).

It covers every date precision and provenance the outputs must render, a disputed date, an undated event,
and a hostile article whose names and sentences carry HTML/script injection attempts.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from eventgraph.graph import build_graph
from eventgraph.model import (
    Actor,
    Document,
    Event,
    EventMention,
    Evidence,
    Participant,
    PlaceRef,
    TimeValue,
    stable_id,
)
from eventgraph.outputs.records import write_records

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>window.pwned=1</script>"
XSS_NAME = f"Evil {XSS_IMG} Corp {XSS_SCRIPT}"
XSS_FORMULA = '=HYPERLINK("http://evil.example","x")'


def _doc(name: str, title: str, source: str, published: str, text: str) -> Document:
    return Document(
        id=stable_id("doc", name), path=f"seeds/{name}", text=text, sha256=stable_id("sha", text)[4:],
        title=title, source=source, url=f"https://news.example/{name}", published=published,
    )  # fmt: skip


def _actor(name: str, kind: str, doc: Document, aliases: list[str] | None = None) -> Actor:
    ev = Evidence(doc=doc.id, start=0, end=len(name), sentence=name)
    return Actor(id=stable_id("ac", name), name=name, kind=kind, aliases=aliases or [], mentions=[ev, ev])


def _tv(value: str, start: str | None, end: str | None, precision: str | None, source: str = "text",
        mod: str | None = None) -> TimeValue:  # fmt: skip
    return TimeValue(
        value=value, start=start, end=end, precision=precision, source=source, confidence=0.9, mod=mod
    )


def sample() -> tuple[list[Document], list[Actor], list[Event]]:
    d1 = _doc("001_relations.txt", "Belarus and Russia: a difficult union", "Example Times", "2021-08-20",
              "Putin and Lukashenko met in Sochi on 14 September 2020.")  # fmt: skip
    d2 = _doc("002_hostile.txt", f"Hostile {XSS_IMG} report", f"Outlet {XSS_SCRIPT}", "2021",
              f"{XSS_NAME} said {XSS_SCRIPT} on 29 July 2020.")  # fmt: skip
    putin = _actor("Vladimir Putin", "person", d1, ["Putin", "V. Putin"])
    luka = _actor("Alexander Lukashenko", "person", d1, ["Lukashenko"])
    russia = _actor("Russia", "state", d1, ["Moscow", "the Kremlin"])
    kgb = _actor("KGB of Belarus", "organization", d1)
    wagner = _actor("Wagner Group", "armed_group", d1)
    evil = _actor(XSS_NAME, "organization", d2)
    bystander = _actor("Minsk City Council", "organization", d1)  # named, but in no event
    sochi = PlaceRef(id=stable_id("pl", "Sochi"), name="Sochi", country="RU")

    def event(title: str, etype: str, date: TimeValue | None, parts: list[tuple[Actor, str]], doc: Document,
              sentence: str, **kw) -> Event:  # fmt: skip
        n = len(sentence)
        ev = Evidence(doc=doc.id, start=0, end=5, sentence=sentence, sentence_end=n, path=doc.path)
        mention = EventMention(type=etype, trigger=sentence.split()[0], evidence=ev, title=title, date=date)
        return Event(
            id=stable_id("ev", title), title=title, type=etype, date=date,
            actors=[Participant(actor=a.id, name=a.name, kind=a.kind, role=r) for a, r in parts],
            mentions=[mention], confidence=kw.pop("confidence", 0.8), **kw,
        )  # fmt: skip

    events = [
        event(
            "Russia annexes Crimea",
            "annexation",
            _tv("2014", "2014-01-01", "2015-01-01", "year", "catalog"),
            [(russia, "agent")],
            d1,
            "Russia annexed Crimea in 2014.",
            catalog="crimea-2014",
        ),
        event(
            "Union treaty talks",
            "negotiation",
            _tv("2006", "2006-01-01", "2007-01-01", "year", mod="APPROX"),
            [(russia, "participant"), (luka, "participant")],
            d1,
            "Talks on the union treaty began around 2006.",
            confidence=0.4,
        ),
        event(
            "Presidential election in Belarus",
            "election",
            _tv("2020-08-09", "2020-08-09", "2020-08-10", "day"),
            [(luka, "participant")],
            d1,
            "The election was held on 9 August 2020.",
        ),
        event(
            "Protests in Minsk",
            "protest",
            _tv("2020-08", "2020-08-01", "2020-09-01", "month", "relative"),
            [],
            d1,
            "Protests followed in August.",
        ),
        event(
            "Sochi meeting",
            "meeting",
            _tv("2020-09-14", "2020-09-14", "2020-09-15", "day"),
            [(putin, "agent"), (luka, "patient")],
            d1,
            "Putin and Lukashenko met in Sochi on 14 September 2020.",
            places=[sochi],
            date_conflicts=[_tv("2020-09-13", "2020-09-13", "2020-09-14", "day")],
        ),
        event(
            "Loan agreement",
            "agreement",
            _tv("2020-FA", "2020-09-01", "2020-12-01", "season", "inferred"),
            [(russia, "agent")],
            d1,
            "A loan was agreed in the autumn.",
        ),
        event(
            "KGB detains Wagner fighters",
            "arrest",
            _tv("2020-07-29", "2020-07-29", "2020-07-30", "day"),
            [(kgb, "agent"), (wagner, "patient")],
            d1,
            "The KGB detained 33 Wagner fighters on 29 July 2020.",
        ),
        event(
            f"Attack {XSS_IMG} {XSS_SCRIPT}",
            "attack",
            _tv("2020-07-29", "2020-07-29", "2020-07-30", "day"),
            [(evil, "agent")],
            d2,
            f"{XSS_NAME} said {XSS_SCRIPT} and {XSS_IMG}.",
        ),
        event(
            XSS_FORMULA,
            "statement",
            _tv("2021-03", "2021-03-01", "2021-04-01", "month"),
            [(evil, "agent")],
            d2,
            f"{XSS_FORMULA} was written.",
        ),
        event("Undated consultations", "meeting", None, [(putin, "participant")], d1, "They consult often."),
        event("Unsourced claim", "statement", _tv("2019", "2019-01-01", "2020-01-01", "year"), [], d1, "x"),
    ]
    events[-1].mentions = []  # no evidence: must never reach a briefing
    return [d1, d2], [putin, luka, russia, kgb, wagner, evil, bystander], events


def sample_graph() -> nx.MultiDiGraph:
    return build_graph(*sample())


def write_sample_dir(path: Path) -> Path:
    docs, actors, events = sample()
    write_records(path, docs, actors, events)
    return path


def synthetic_graph(n_nodes: int = 5000, seed: int = 1) -> nx.MultiDiGraph:
    """A big, realistic-shaped graph (70% events, 20% actors, 8% documents, 2% places) via build_graph."""
    import random

    rng = random.Random(seed)
    n_docs, n_actors, n_places = max(1, n_nodes * 8 // 100), max(2, n_nodes // 5), max(1, n_nodes // 50)
    n_events = n_nodes - n_docs - n_actors - n_places
    docs = [
        _doc(
            f"{i:05d}.txt", f"Article {i}", f"Outlet {i % 17}", f"20{10 + i % 12}-0{1 + i % 9}-1{i % 10}", "t"
        )
        for i in range(n_docs)
    ]
    kinds = ["person", "person", "state", "organization", "armed_group", "government"]
    actors = [_actor(f"Actor {i}", kinds[i % len(kinds)], docs[i % n_docs]) for i in range(n_actors)]
    places = [PlaceRef(id=stable_id("pl", i), name=f"Place {i}") for i in range(n_places)]
    types = ["meeting", "election", "protest", "arrest", "agreement", "statement", "attack", "sanction"]
    # Preferential attachment: a few actors take part in many events, as in real news.
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n_actors)]
    events = []
    for i in range(n_events):
        y, m, d = 2010 + rng.randrange(12), 1 + rng.randrange(12), 1 + rng.randrange(28)
        precision = rng.choice(["day", "day", "day", "month", "year"])
        if precision == "day":
            tv = _tv(f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}", "day")
        elif precision == "month":
            tv = _tv(f"{y}-{m:02d}", f"{y}-{m:02d}-01", f"{y}-{m:02d}-28", "month")
        else:
            tv = _tv(str(y), f"{y}-01-01", f"{y + 1}-01-01", "year")
        doc = docs[rng.randrange(n_docs)]
        parts = {a.id: a for a in rng.choices(actors, weights, k=rng.randint(1, 3))}.values()
        sentence = f"Sentence {i} about event {i}."
        ev = Evidence(
            doc=doc.id, start=0, end=8, sentence=sentence, sentence_end=len(sentence), path=doc.path
        )
        events.append(
            Event(
                id=stable_id("ev", i), title=f"Event {i}", type=rng.choice(types), date=tv,
                actors=[Participant(actor=a.id, name=a.name, kind=a.kind, role="agent") for a in parts],
                places=[places[rng.randrange(n_places)]] if rng.random() < 0.3 else [],
                mentions=[EventMention(type="meeting", trigger="met", evidence=ev)], confidence=0.7,
            )
        )  # fmt: skip
    return build_graph(docs, actors, events)
