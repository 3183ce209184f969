// Links to a broader concept that is not in the graph are left out.
UNWIND $rows AS row
MATCH (child:Skill {id: row.child})
MATCH (parent:Skill {id: row.parent})
MERGE (child)-[r:BROADER]->(parent)
SET r.rank = row.rank
