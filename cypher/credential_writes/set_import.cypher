// After create or update of an imported credential, in the same transaction: the
// achievement it came from (null: keep the one it has), and its occupations (replacing
// what was there).
MATCH (c:Credential {id: $id})
SET c.sourceId = coalesce($sourceId, c.sourceId)
WITH c
CALL (c) {
  OPTIONAL MATCH (c)-[old:PREPARES_FOR]->()
  DELETE old
}
CALL (c) {
  UNWIND $occupationIds AS occupationId
  MATCH (o:Occupation {id: occupationId})
  CREATE (c)-[:PREPARES_FOR]->(o)
}
RETURN c AS node
