// Title: Events at a place
// Answers: What happened at a given place, in date order, and how many actors took part?
// Parameters:
//   $place  the place's id or name (case-insensitive), e.g. "Minsk"
// Example: --param place=Minsk
MATCH (e:Event)-[:OCCURRED_IN]->(p:Place)
WHERE p.id = $place OR toLower(p.name) = toLower($place)
OPTIONAL MATCH (a:Actor)-[:PARTICIPATED_IN]->(e)
RETURN p.name AS place, e.date_start AS start, e.date AS date, e.precision AS precision, e.title AS event,
       count(DISTINCT a) AS actors
ORDER BY start, event
