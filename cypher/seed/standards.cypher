UNWIND $rows AS row
MERGE (s:Standard {id: row.id})
SET s.name = row.name, s.version = row.version, s.url = row.url, s.description = row.description
