// Only the fields given (non-null) change; lists replace what was there.
// $moved (the website's host changed) clears domain verification; $reverify sends
// a VERIFIED record back to PENDING (graph/stakeholder_writes.py says why).
MATCH (s:Stakeholder {id: $id})
SET s.name = coalesce($name, s.name), s.slug = coalesce($slug, s.slug),
    s.website = coalesce($website, s.website), s.domain = coalesce($domain, s.domain),
    s.groups = coalesce($groups, s.groups), s.roles = coalesce($roles, s.roles),
    s.stages = coalesce($stages, s.stages),
    s.description = coalesce($description, s.description),
    s.location = coalesce($location, s.location),
    s.verification = CASE WHEN $reverify THEN 'PENDING' ELSE s.verification END,
    s.domainVerifiedAt = CASE WHEN $moved THEN null ELSE s.domainVerifiedAt END,
    s.domainToken = CASE WHEN $moved THEN null ELSE s.domainToken END,
    s.updatedAt = datetime()
WITH s
CALL (s) {
  WITH s WHERE $groups IS NOT NULL
  OPTIONAL MATCH (s)-[old:IN_GROUP]->()
  DELETE old
  WITH DISTINCT s
  UNWIND $groups AS key
  MATCH (g:StakeholderGroup {id: key})
  CREATE (s)-[:IN_GROUP]->(g)
}
CALL (s) {
  WITH s WHERE $standardIds IS NOT NULL
  OPTIONAL MATCH (s)-[old:SUPPORTS]->()
  DELETE old
  WITH DISTINCT s
  UNWIND $standardIds AS std
  MATCH (t:Standard {id: std})
  CREATE (s)-[:SUPPORTS]->(t)
}
RETURN s AS node
