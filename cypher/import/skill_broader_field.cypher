// A skill's broader field of education (ESCO names a few in a collection row).
UNWIND $rows AS row
MATCH (child:Skill {id: row.child})
MATCH (parent:FieldOfEducation {id: row.parent})
MERGE (child)-[r:BROADER]->(parent)
SET r.rank = row.rank
