MATCH (c:Credential)
WHERE (c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId)
  AND ($issuerId IS NULL OR c.issuerId = $issuerId)
  AND ($types IS NULL OR c.type IN $types)
  AND ($skillIds IS NULL OR EXISTS { (c)-[:EVIDENCES]->(k:Skill) WHERE k.id IN $skillIds })
RETURN count(c) AS n
