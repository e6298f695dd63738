// Title: Documents that mention both of two actors
// Answers: Which articles talk about both actors, and how often each is mentioned in them?
// Parameters:
//   $actor_a  id or name of one actor, e.g. "Alexander Lukashenko"
//   $actor_b  id or name of the other, e.g. "Vladimir Putin"
// Example: --param actor_a="Alexander Lukashenko" --param actor_b="Vladimir Putin"
MATCH (a:Actor)-[ma:MENTIONED_IN]->(d:Document)<-[mb:MENTIONED_IN]-(b:Actor)
WHERE (a.id = $actor_a OR toLower(a.name) = toLower($actor_a))
  AND (b.id = $actor_b OR toLower(b.name) = toLower($actor_b))
RETURN d.title AS document, d.source AS source, d.published AS published, d.path AS path,
       ma.count AS mentions_a, mb.count AS mentions_b
ORDER BY published DESC, document
