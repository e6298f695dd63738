// Title: Where an actor was active
// Answers: The places of the events an actor took part in, with the number of events and the date span.
// Parameters:
//   $actor  the actor's id or name (case-insensitive), e.g. "Alexander Lukashenko"
// Example: --param actor="Alexander Lukashenko"
MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event)-[:OCCURRED_IN]->(p:Place)
WHERE a.id = $actor OR toLower(a.name) = toLower($actor)
RETURN p.name AS place, p.country AS country, count(DISTINCT e) AS events, min(e.date_start) AS first,
       max(e.date_start) AS last
ORDER BY events DESC, place
