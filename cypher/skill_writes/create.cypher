// The constraints on uri and frameworkCode refuse duplicates; a stakeholder's
// frameworkCode carries its namespace, so codes are unique per owner.
CREATE (k:Skill {id: $id, name: $name, framework: $framework, code: $code, uri: $uri,
                 frameworkCode: CASE WHEN $code IS NULL THEN null
                                     ELSE $namespace + '|' + $framework + ':' + $code END,
                 namespace: $namespace, description: $description, altLabels: [],
                 source: 'api', createdBy: $createdBy})
WITH k
CALL (k) {
  MATCH (b:Skill {id: $broaderId})
  CREATE (k)-[:BROADER {rank: 0}]->(b)
}
RETURN k AS node
