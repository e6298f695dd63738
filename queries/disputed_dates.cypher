// Title: Events whose sources disagree on the date
// Answers: Which events were given different dates by different sources? The date shown is the one the
//   merge kept (with where it came from); the other dates are in events.jsonl under date_conflicts.
// Parameters: none
// Example:
MATCH (e:Event)
WHERE e.date_disputed = true
OPTIONAL MATCH (e)-[:MENTIONED_IN]->(d:Document)
RETURN e.title AS event, e.date AS date, e.precision AS precision, e.date_source AS date_source,
       count(DISTINCT d) AS sources
ORDER BY date, event
