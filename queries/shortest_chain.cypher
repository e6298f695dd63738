// Title: Shortest chain of events linking two actors
// Answers: How are two actors connected? The shortest alternating chain actor - event - actor - ... -
//   event - actor through shared participation, at most 12 steps; every shortest chain is returned.
//   The two engines spell shortest paths differently, hence one section per engine.
// Parameters:
//   $source_actor  id or name of the first actor, e.g. "KGB of Belarus"
//   $target_actor  id or name of the second actor, e.g. "Vladimir Putin"
// Example: --param source_actor="KGB of Belarus" --param target_actor="Vladimir Putin"
// @engine: neo4j
MATCH (a:Actor), (b:Actor)
WHERE (a.id = $source_actor OR toLower(a.name) = toLower($source_actor))
  AND (b.id = $target_actor OR toLower(b.name) = toLower($target_actor)) AND a.id <> b.id
MATCH p = allShortestPaths((a)-[:PARTICIPATED_IN*..12]-(b))
RETURN length(p) AS steps, [n IN nodes(p) | coalesce(n.title, n.name)] AS chain
ORDER BY steps
// @engine: ladybug
MATCH p = (a:Actor)-[:PARTICIPATED_IN* ALL SHORTEST 1..12]-(b:Actor)
WHERE (a.id = $source_actor OR toLower(a.name) = toLower($source_actor))
  AND (b.id = $target_actor OR toLower(b.name) = toLower($target_actor)) AND a.id <> b.id
RETURN length(p) AS steps, list_transform(nodes(p), n -> coalesce(n.title, n.name)) AS chain
ORDER BY steps
