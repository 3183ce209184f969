// Every parent is among the import's skills (the hierarchy, a collection, or
// made from a broader reference), written by an earlier step.
UNWIND $rows AS row
MATCH (child:Skill {id: row.child})
MATCH (parent:Skill {id: row.parent})
MERGE (child)-[r:BROADER]->(parent)
SET r.rank = row.rank
