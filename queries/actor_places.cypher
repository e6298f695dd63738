// Title: Where an actor was active
// Answers: The places of the events an actor took part in, with the number of events and the date span.
// Parameters:
//   $actor  the actor's id, name or one of its aliases (case-insensitive), e.g. "Lukashenko"
// Example: --param actor=Lukashenko
WITH toLower($actor) AS q
MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event)-[:OCCURRED_IN]->(p:Place)
WHERE (a.id = $actor OR toLower(a.name) = q OR any(x IN a.aliases WHERE toLower(x) = q))
RETURN p.name AS place, p.country AS country, count(DISTINCT e) AS events, min(e.date_start) AS first,
       max(e.date_start) AS last
ORDER BY events DESC, place
