// Title: Who took part with whom
// Answers: Pairs of actors that took part in the same events, weighted by the number of shared events,
//   with the first and last date they appear together. Each pair is listed once.
// Parameters:
//   $limit  how many pairs to return, e.g. 25
// Example: --param limit=25
MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(b:Actor)
WHERE a.id < b.id
RETURN a.name AS actor_a, b.name AS actor_b, count(DISTINCT e) AS shared_events,
       min(e.date_start) AS first_together, max(e.date_start) AS last_together
ORDER BY shared_events DESC, actor_a, actor_b
LIMIT $limit
