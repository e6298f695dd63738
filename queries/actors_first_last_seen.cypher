// Title: Actors first and last seen
// Answers: When does each actor first and last appear in a dated event? Dates are the TIMEX values of
//   the earliest and latest events (so "2014" is a year, not 2014-01-01), with the number of events.
// Parameters: none
// Example:
MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event)
WHERE e.date_start IS NOT NULL
WITH a, min(e.date_start) AS first_start, max(e.date_start) AS last_start, count(DISTINCT e) AS events
MATCH (a)-[:PARTICIPATED_IN]->(f:Event)
WHERE f.date_start = first_start
MATCH (a)-[:PARTICIPATED_IN]->(l:Event)
WHERE l.date_start = last_start
RETURN a.name AS actor, a.kind AS kind, min(f.date) AS first_seen, min(f.title) AS first_event,
       max(l.date) AS last_seen, max(l.title) AS last_event, events
ORDER BY first_seen, actor
