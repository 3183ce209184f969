// The hierarchy puts ISCED-F's broad fields under the skill group "knowledge" (K).
UNWIND $rows AS row
MATCH (child:FieldOfEducation {id: row.child})
MATCH (parent:Skill {id: row.parent})
MERGE (child)-[r:BROADER]->(parent)
SET r.rank = row.rank
