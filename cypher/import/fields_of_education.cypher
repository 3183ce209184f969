// ISCED-F fields of education: the hierarchy's knowledge branch, and those a
// collection skill names as broader.
UNWIND $rows AS row
MERGE (f:FieldOfEducation {id: row.id})
SET f.uri = row.uri, f.code = row.code, f.name = row.name, f.description = row.description
