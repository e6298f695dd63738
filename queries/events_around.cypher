// Title: What happened around an event
// Answers: Which other events fall within N days before or after a given event? Only events whose whole
//   date interval lies inside the window are listed, so a "2020" event does not swamp a week.
// Parameters:
//   $event   the event's id, or words of its title (case-insensitive), e.g. "election"
//   $window  an ISO 8601 duration (days or weeks), e.g. P60D
// Example: --param event=election --param window=P60D
MATCH (x:Event)
WHERE x.id = $event OR toLower(x.title) CONTAINS toLower($event)
MATCH (e:Event)
WHERE e.id <> x.id AND e.date_start >= x.date_start - $window AND e.date_end <= x.date_end + $window
RETURN x.title AS anchor, e.date_start AS start, e.date AS date, e.precision AS precision, e.title AS event,
       e.type AS type
ORDER BY start, event
