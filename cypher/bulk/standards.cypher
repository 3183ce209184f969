UNWIND $rows AS row
CREATE (:Standard {id: row.id, name: row.name, version: row.version})
