UNWIND $rows AS row
CREATE (:Credential {id: row.id, name: row.name, type: row.type, issuerId: row.issuerId,
                     hidden: row.hidden,
                     description: row.description, demo: true,
                     createdAt: datetime(), updatedAt: datetime()})
