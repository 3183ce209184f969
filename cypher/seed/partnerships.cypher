UNWIND $rows AS row
MATCH (a:Stakeholder {id: row.proposerId}), (b:Stakeholder {id: row.inviteeId})
MERGE (p:Partnership {id: row.id})
SET p.status = row.status, p.purpose = row.purpose, p.demo = true,
    p.proposedById = row.proposerId,
    p.openPair = CASE WHEN row.status IN ['PROPOSED', 'ACTIVE']
                      THEN CASE WHEN row.proposerId < row.inviteeId
                                THEN row.proposerId + '|' + row.inviteeId
                                ELSE row.inviteeId + '|' + row.proposerId END END,
    p.createdAt = coalesce(p.createdAt, datetime()), p.updatedAt = coalesce(p.updatedAt, datetime())
MERGE (a)-[ra:MEMBER_OF]->(p) SET ra.role = 'PROPOSER'
MERGE (b)-[rb:MEMBER_OF]->(p) SET rb.role = 'INVITEE'
