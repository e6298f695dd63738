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


# Strings that broke, or could break, the bulk load's CSV files: escape characters, quotes before commas,
# line breaks (a lone carriage return included), values that look like NULL, numbers or lists, and
# characters outside ASCII. Used as property values, list elements and (suffixed) node ids.
ADVERSARIAL = [
    "back\\slash",
    "trail\\",
    "\\",
    "\\\\",
    'esc\\"quote',
    'x\\"',
    '\\",',
    '",\\',
    'q"uote',
    '"start',
    'end"',
    '"',
    '""',
    "'single'",
    "a,b",
    'x",y',
    "Goldman, Sachs amp Co.",
    "Events of Jan. 9, 1990",
    "multi\nline",
    "cr\rhere",
    "crlf\r\nx",
    "trail\r",
    "\r",
    "\n",
    "tab\there",
    " lead",
    "trail ",
    " ",
    "uni é 中 😀",
    "\ufeffbom",
    "nul\x00byte",
    "\x1f\x1e\x7f",
    "\u2028sep",
    "NULL",
    "null",
    "[a,b]",
    "a]",
    "{x}",
    "relative",
    "1.5",
    "true",
    "-",
]


def adversarial_graph(values: list[str], padding: int = 1000) -> nx.MultiDiGraph:
    """Every string property, list element and some ids of every label and relationship take ``values``.

    ``padding`` plain events come first (their ids sort first): LadybugDB guessed the CSV dialect from the
    first few hundred rows of a file, so a bad value only broke the load when it came after them.
    """
    g = nx.MultiDiGraph()
    for i in range(padding):
        g.add_node(
            f"ev_0{i:06d}",
            label="Event",
            id=f"ev_0{i:06d}",
            title=f"Plain event {i}",
            type="meeting",
            date="2020-01-01",
            date_start="2020-01-01",
            date_end="2020-01-02",
            confidence=0.5,
        )
    for i, v in enumerate(values):
        ev, ac, pl, doc = f"ev_z{i:04d}", f"ac_z{i:04d}{v}", f"pl_z{i:04d}", f"doc_z{i:04d}{v}"
        g.add_node(
            ev,
            label="Event",
            id=ev,
            title=v,
            type=v,
            date=v,
            date_start="2021-02-03",
            precision=v,
            date_source=v,
            date_confidence=0.25,
            date_disputed=i % 2 == 0,
            confidence=1e-05,
            modality=v,
            catalog=v,
            mentions=i,
        )
        g.add_node(
            ac,
            label="Actor",
            id=ac,
            name=v,
            kind=v,
            aliases=[v, "plain alias", f"{v}{v}"],
            country=v,
            wikidata=v,
            mentions=-i,
        )
        g.add_node(pl, label="Place", id=pl, name=v, country=v)
        g.add_node(doc, label="Document", id=doc, title=v, source=v, url=v, published=v, path=v, sha256=v)
        g.add_edge(ac, ev, key=f"PARTICIPATED_IN:{v}", type="PARTICIPATED_IN", role=v)
        g.add_edge(ev, pl, key="OCCURRED_IN", type="OCCURRED_IN")
        g.add_edge(
            ev, doc, key="MENTIONED_IN:0", type="MENTIONED_IN", start=i, end=i + 5, sentence=v, quote=v
        )
        g.add_edge(ac, doc, key="MENTIONED_IN", type="MENTIONED_IN", count=i + 1)
        if i:
            g.add_edge(f"ev_z{i - 1:04d}", ev, key="NEXT", type="NEXT")
    return g


def expected_contents(graph: nx.MultiDiGraph) -> dict:
    """What a store must hold for ``graph``: per label, per relationship type and label pair, sorted rows."""
    from eventgraph.store.schema import NODE_TABLES, graph_rows, iter_rel_tables

    rows = graph_rows(graph)
    out: dict = {}
    for table in NODE_TABLES:
        out[table.label] = sorted(
            (tuple(r[p.name] for p in table.props) for r in rows.nodes[table.label]), key=repr
        )
    for table, src, dst in iter_rel_tables():
        out[(table.type, src, dst)] = sorted(
            (
                (r.src, r.dst, *[r.props[p.name] for p in table.props])
                for r in rows.rels[(table.type, src, dst)]
            ),
            key=repr,
        )
    return out


def embedded_contents(db_path) -> dict:
    """The same shape as :func:`expected_contents`, read from an embedded database."""
    import ladybug as lb

    from eventgraph.store.ladybug_store import open_database
    from eventgraph.store.schema import NODE_TABLES, iter_rel_tables

    db = open_database(db_path)
    conn = lb.Connection(db)
    try:
        out: dict = {}
        for table in NODE_TABLES:
            cols = ", ".join(f"n.`{p.name}`" for p in table.props)
            data = conn.execute(f"MATCH (n:`{table.label}`) RETURN {cols}").get_all()
            out[table.label] = sorted((tuple(r) for r in data), key=repr)
        for table, src, dst in iter_rel_tables():
            cols = "".join(f", r.`{p.name}`" for p in table.props)
            data = conn.execute(f"MATCH (a:`{src}`)-[r:`{table.type}`]->(b:`{dst}`) RETURN a.id, b.id{cols}")
            out[(table.type, src, dst)] = sorted((tuple(r) for r in data.get_all()), key=repr)
        return out
    finally:
        conn.close()
        db.close()
