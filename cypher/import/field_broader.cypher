// ISCED-F's own nesting, as the hierarchy's knowledge branch gives it (0613 > 061 > 06).
UNWIND $rows AS row
MATCH (child:FieldOfEducation {id: row.child})
MATCH (parent:FieldOfEducation {id: row.parent})
MERGE (child)-[r:BROADER]->(parent)
SET r.rank = row.rank
