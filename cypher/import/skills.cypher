UNWIND $rows AS row
MERGE (s:Skill {id: row.id})
SET s.name = row.name, s.framework = row.framework, s.code = row.code, s.uri = row.uri,
    s.altLabels = row.altLabels, s.description = row.description, s.source = row.source,
    s.frameworkCode = row.framework + ':' + row.code
