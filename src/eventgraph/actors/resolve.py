"""Across documents: one Actor per real-world actor.

Mentions with the same registry (or gazetteer) key are one actor. Unknown names (``name:<kind>:<norm>``,
optionally ``@<country>``) merge when the normalised name and kind agree and their countries do not
conflict; a bare surname merges into the one full name of the same kind that ends with it. Each merge
is recorded in ``Actor.merged_because``, and so is why a surname-only mention was read as a registry
person (the recogniser's ``via``: "surname: <reason>"). Everything is sorted, so the output is deterministic.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Actor, ActorMention, stable_id


def _parse_name_key(key: str) -> tuple[str, str, str | None] | None:
    """(kind, normalised name, country) of an unknown-name key, None for registry keys."""
    if not key.startswith("name:"):
        return None
    _, kind, rest = key.split(":", 2)
    name, _, country = rest.partition("@")
    return kind, name, country or None


def resolve_actors(mentions_by_doc: dict[str, list[ActorMention]]) -> tuple[list[Actor], dict[str, str]]:
    """Actors (sorted by id) and a map from every mention key to its actor id."""
    by_key: dict[str, list[ActorMention]] = defaultdict(list)
    for doc_id in sorted(mentions_by_doc):
        for mention in mentions_by_doc[doc_id]:
            by_key[mention.key].append(mention)

    # Which key each key is merged into, and why.
    target: dict[str, str] = {k: k for k in by_key}
    reasons: dict[str, list[str]] = defaultdict(list)
    names = {k: p for k in by_key if (p := _parse_name_key(k)) is not None}

    # 1. Same normalised name and kind: a key without a country joins the one key with a country, if
    #    exactly one country is known for that name; two different countries stay two actors.
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, (kind, name, _country) in names.items():
        groups[(kind, name)].append(key)
    for (kind, name), keys in sorted(groups.items()):
        with_country = sorted(k for k in keys if names[k][2])
        without = sorted(k for k in keys if not names[k][2])
        if len(with_country) == 1 and without:
            for key in without:
                target[key] = with_country[0]
                reasons[with_country[0]].append(
                    f"same name {name!r} and kind {kind}; country {names[with_country[0]][2]} known from "
                    f"another mention, none conflicting"
                )
        elif len(with_country) > 1:
            countries = ", ".join(names[k][2] or "" for k in with_country)
            for key in with_country:
                reasons[key].append(
                    f"not merged with other actors named {name!r}: countries differ ({countries})"
                )

    # 2. A bare surname joins the single full name of the same kind ending with it (across documents).
    full_by_last: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, (kind, name, _country) in names.items():
        if kind == "person" and " " in name and target[key] == key:
            full_by_last[(kind, name.rsplit(" ", 1)[1])].add(key)
    for key, (kind, name, country) in sorted(names.items()):
        if kind != "person" or " " in name or target[key] != key:
            continue
        fulls = sorted(full_by_last.get((kind, name), ()))
        compatible = [f for f in fulls if not country or not names[f][2] or names[f][2] == country]
        if len(compatible) == 1:
            target[key] = compatible[0]
            reasons[compatible[0]].append(
                f"surname {name!r} matches the only full name {names[compatible[0]][1]!r}"
            )

    def root(key: str) -> str:
        while target[key] != key:
            key = target[key]
        return key

    members: dict[str, list[str]] = defaultdict(list)
    for key in sorted(by_key):
        members[root(key)].append(key)

    actors: list[Actor] = []
    key_to_id: dict[str, str] = {}
    for canon, keys in members.items():
        mentions = [m for k in keys for m in by_key[k]]
        first = by_key[canon][0]
        actor_id = stable_id("ac", canon)
        docs = sorted({m.evidence.doc for m in mentions})
        why = list(dict.fromkeys(reasons.get(canon, [])))
        if not canon.startswith("name:"):
            why.insert(
                0, f"same canonical key {canon}" + (f" in {len(docs)} documents" if len(docs) > 1 else "")
            )
            # how partial mentions were linked ("'Merkel' is the surname of Angela Merkel, ..."), once each
            linked: dict[str, int] = defaultdict(int)
            for m in mentions:
                if m.via.startswith("surname: "):
                    linked[m.via.removeprefix("surname: ")] += 1
            why += [f"{r} ({n} mentions)" if n > 1 else r for r, n in sorted(linked.items())]
        elif len(docs) > 1:
            why.insert(0, f"same normalised name and kind in {len(docs)} documents")
        actors.append(
            Actor(
                id=actor_id,
                name=first.name,
                kind=first.kind,
                country=next((m.country for m in by_key[canon] if m.country), None)
                or next((m.country for m in mentions if m.country), None),
                wikidata=first.wikidata,
                aliases=sorted({m.text for m in mentions}),
                mentions=sorted((m.evidence for m in mentions), key=lambda e: (e.doc, e.start, e.end)),
                merged_because=why,
            )
        )
        for key in keys:
            key_to_id[key] = actor_id
    actors.sort(key=lambda a: a.id)
    return actors, dict(sorted(key_to_id.items()))
