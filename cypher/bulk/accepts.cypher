UNWIND $rows AS row
MATCH (a:Stakeholder {id: row.a})
MATCH (b:Credential {id: row.b})
CREATE (a)-[:ACCEPTS]->(b)
