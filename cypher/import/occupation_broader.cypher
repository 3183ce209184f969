UNWIND $rows AS row
MATCH (child:Occupation {id: row.child})
MATCH (parent:Occupation {id: row.parent})
MERGE (child)-[:BROADER]->(parent)
