// Title: What came next
// Answers: The five events that follow a given event in the chronological chain (NEXT relationships),
//   with their dates and types.
// Parameters:
//   $event  the event's id, or words of its title (case-insensitive), e.g. "election"
// Example: --param event=election
MATCH (x:Event)-[:NEXT*1..5]->(e:Event)
WHERE x.id = $event OR toLower(x.title) CONTAINS toLower($event)
RETURN x.title AS after, e.date_start AS start, e.date AS date, e.precision AS precision, e.title AS event,
       e.type AS type
ORDER BY after, start, event
