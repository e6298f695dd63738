// Title: Sources that mention an event, with quotes
// Answers: Where does the graph get an event from? Every document that mentions it, with the trigger
//   word, the sentence quoted from the text and its character span in the original file.
// Parameters:
//   $event  the event's id, or words of its title (case-insensitive), e.g. "election"
// Example: --param event=election
MATCH (e:Event)-[m:MENTIONED_IN]->(d:Document)
WHERE e.id = $event OR toLower(e.title) CONTAINS toLower($event)
RETURN e.title AS event, d.title AS document, d.source AS source, d.published AS published, d.url AS url,
       d.path AS path, m.quote AS trigger, m.sentence AS sentence, m.start AS span_start, m.`end` AS span_end
ORDER BY document, span_start
