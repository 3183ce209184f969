UNWIND $rows AS row
CREATE (:Partnership {id: row.id, status: row.status, purpose: row.purpose,
                      proposedById: row.a, demo: true,
                      openPair: CASE WHEN row.status IN ['PROPOSED', 'ACTIVE'] THEN row.pair END,
                      createdAt: datetime(), updatedAt: datetime()})
