UNWIND $rows AS row
MATCH (a:Credential {id: row.a})
MATCH (b:Skill {id: row.b})
CREATE (a)-[:EVIDENCES]->(b)
