UNWIND $rows AS row
MERGE (o:Occupation {id: row.id})
SET o.code = row.code, o.title = row.title, o.description = row.description,
    o.level = row.level, o.source = row.source
