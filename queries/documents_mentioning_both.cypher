// Title: Documents that mention both of two actors
// Answers: Which articles talk about both actors, and how often each is mentioned in them?
// Parameters:
//   $actor_a  id, name or alias of one actor (case-insensitive), e.g. "Lukashenko"
//   $actor_b  id, name or alias of the other, e.g. "Putin"
// Example: --param actor_a=Lukashenko --param actor_b=Putin
WITH toLower($actor_a) AS qa, toLower($actor_b) AS qb
MATCH (a:Actor)-[ma:MENTIONED_IN]->(d:Document)<-[mb:MENTIONED_IN]-(b:Actor)
WHERE (a.id = $actor_a OR toLower(a.name) = qa OR any(x IN a.aliases WHERE toLower(x) = qa))
  AND (b.id = $actor_b OR toLower(b.name) = qb OR any(x IN b.aliases WHERE toLower(x) = qb))
RETURN d.title AS document, d.source AS source, d.published AS published, d.path AS path,
       ma.count AS mentions_a, mb.count AS mentions_b
ORDER BY published DESC, document
