// Title: Shortest chain of events linking two actors
// Answers: How are two actors connected? The shortest alternating chain actor - event - actor - ... -
//   event - actor through shared participation, at most 12 steps; every shortest chain is returned.
//   The two engines spell shortest paths differently, hence one section per engine.
// Parameters:
//   $source_actor  id, name or alias of the first actor (case-insensitive), e.g. "Lukashenko"
//   $target_actor  id, name or alias of the second actor, e.g. "Putin"
// Example: --param source_actor=Lukashenko --param target_actor=Putin
// @engine: neo4j
WITH toLower($source_actor) AS qa, toLower($target_actor) AS qb
MATCH (a:Actor), (b:Actor)
WHERE (a.id = $source_actor OR toLower(a.name) = qa OR any(x IN a.aliases WHERE toLower(x) = qa))
  AND (b.id = $target_actor OR toLower(b.name) = qb OR any(x IN b.aliases WHERE toLower(x) = qb)) AND a.id <> b.id
MATCH p = allShortestPaths((a)-[:PARTICIPATED_IN*..12]-(b))
RETURN length(p) AS steps, [n IN nodes(p) | coalesce(n.title, n.name)] AS chain
ORDER BY steps
// @engine: ladybug
// LadybugDB only pushes the end-point filters into the shortest-path search when they hold no lambda or
// leading WITH (otherwise it searches from every actor and times out on large graphs), hence the aliases
// lower-cased as one joined string rather than with any(x IN ... WHERE ...).
MATCH p = (a:Actor)-[:PARTICIPATED_IN* ALL SHORTEST 1..12]-(b:Actor)
WHERE (a.id = $source_actor OR toLower(a.name) = toLower($source_actor)
       OR list_contains(string_split(toLower(list_to_string('|', a.aliases)), '|'), toLower($source_actor)))
  AND (b.id = $target_actor OR toLower(b.name) = toLower($target_actor)
       OR list_contains(string_split(toLower(list_to_string('|', b.aliases)), '|'), toLower($target_actor)))
  AND a.id <> b.id
RETURN length(p) AS steps, list_transform(nodes(p), n -> coalesce(n.title, n.name)) AS chain
ORDER BY steps
