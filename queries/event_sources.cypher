// Title: Sources that mention an event, with quotes
// Answers: Where does the graph get an event from? Every document that mentions it, with the trigger
//   word, the sentence quoted from the text and its character span in the original file.
// Parameters:
//   $event  the event's id or exact title (case-insensitive), e.g. "Belarusian KGB detains 33 Wagner fighters"
// Example: --param event="Belarusian KGB detains 33 Wagner fighters"
MATCH (e:Event)-[m:MENTIONED_IN]->(d:Document)
WHERE e.id = $event OR toLower(e.title) = toLower($event)
RETURN e.title AS event, d.title AS document, d.source AS source, d.published AS published, d.url AS url,
       d.path AS path, m.quote AS trigger, m.sentence AS sentence, m.start AS span_start, m.`end` AS span_end
ORDER BY document, span_start
