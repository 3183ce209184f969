UNWIND $rows AS row
MATCH (a:Stakeholder {id: row.a})
MATCH (b:Standard {id: row.b})
CREATE (a)-[:SUPPORTS]->(b)
