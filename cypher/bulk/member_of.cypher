UNWIND $rows AS row
MATCH (s:Stakeholder {id: row.a})
MATCH (p:Partnership {id: row.b})
CREATE (s)-[:MEMBER_OF {role: row.role}]->(p)
