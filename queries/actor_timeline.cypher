// Title: An actor's timeline
// Answers: Every event an actor took part in, in date order, with the actor's role, the date as the
//   sources give it (TIMEX value and precision, so "2014" stays a year) and the place when known.
// Parameters:
//   $actor  the actor's id, name or one of its aliases (case-insensitive), e.g. "Putin"
// Example: --param actor=Putin
WITH toLower($actor) AS q
MATCH (a:Actor)-[p:PARTICIPATED_IN]->(e:Event)
WHERE (a.id = $actor OR toLower(a.name) = q OR any(x IN a.aliases WHERE toLower(x) = q))
OPTIONAL MATCH (e)-[:OCCURRED_IN]->(pl:Place)
RETURN e.date_start AS start, e.date AS date, e.precision AS precision, e.title AS event, e.type AS type,
       p.role AS role, pl.name AS place
ORDER BY start, event, role
