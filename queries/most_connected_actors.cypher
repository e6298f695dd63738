// Title: The most connected actors
// Answers: Which actors take part in the most events, and with how many distinct other actors?
// Parameters:
//   $limit  how many actors to return, e.g. 20
// Example: --param limit=20
MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event)
WITH a, count(DISTINCT e) AS events
OPTIONAL MATCH (a)-[:PARTICIPATED_IN]->(:Event)<-[:PARTICIPATED_IN]-(b:Actor)
WHERE b.id <> a.id
RETURN a.name AS actor, a.kind AS kind, events, count(DISTINCT b) AS partners
ORDER BY events DESC, partners DESC, actor
LIMIT $limit
