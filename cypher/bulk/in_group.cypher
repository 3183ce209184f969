UNWIND $rows AS row
MATCH (a:Stakeholder {id: row.a})
MATCH (b:StakeholderGroup {id: row.b})
CREATE (a)-[:IN_GROUP]->(b)
