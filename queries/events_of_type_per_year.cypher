// Title: Events of a type per year
// Answers: How many events of one type (arrest, election, meeting, ...) fall in each year? The year is
//   the first four characters of the TIMEX value, so a decade-precision date counts under "201X"
//   instead of pretending to be a year; undated events are left out.
// Parameters:
//   $type  the event type, e.g. "meeting"
// Example: --param type=meeting
MATCH (e:Event)
WHERE e.type = $type AND e.date_start IS NOT NULL
RETURN left(e.date, 4) AS year, count(*) AS events
ORDER BY year
