// Only the fields given (non-null) change; lists replace what was there.
MATCH (c:Credential {id: $id})
SET c.name = coalesce($name, c.name), c.type = coalesce($type, c.type),
    c.description = coalesce($description, c.description), c.url = coalesce($url, c.url),
    c.ctid = coalesce($ctid, c.ctid), c.updatedAt = datetime()
WITH c
CALL (c) {
  WITH c WHERE $skillIds IS NOT NULL
  OPTIONAL MATCH (c)-[old:EVIDENCES]->()
  DELETE old
  WITH DISTINCT c
  UNWIND $skillIds AS skillId
  MATCH (k:Skill {id: skillId})
  CREATE (c)-[:EVIDENCES]->(k)
}
CALL (c) {
  WITH c WHERE $standardIds IS NOT NULL
  OPTIONAL MATCH (c)-[old:CONFORMS_TO]->()
  DELETE old
  WITH DISTINCT c
  UNWIND $standardIds AS std
  MATCH (t:Standard {id: std})
  CREATE (c)-[:CONFORMS_TO]->(t)
}
RETURN c AS node
