UNWIND $rows AS row
MATCH (a:Skill {id: row.a})
MATCH (b:Skill {id: row.b})
CREATE (a)-[:BROADER]->(b)
