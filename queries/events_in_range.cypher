// Title: Events in a date range
// Answers: Which events happened between two dates? An event is listed when its date interval overlaps
//   [from_date, to_date), so coarse dates ("2020", "summer 2020") show up with their precision.
// Parameters:
//   $from_date  first day of the range (ISO date), e.g. "2020-07-01"
//   $to_date    day after the range (ISO date, exclusive), e.g. "2020-10-01"
// Example: --param from_date=2020-07-01 --param to_date=2020-10-01
MATCH (e:Event)
WHERE e.date_start < date($to_date) AND e.date_end > date($from_date)
OPTIONAL MATCH (a:Actor)-[:PARTICIPATED_IN]->(e)
RETURN e.date_start AS start, e.date AS date, e.precision AS precision, e.title AS event, e.type AS type,
       count(DISTINCT a) AS actors
ORDER BY start, event
