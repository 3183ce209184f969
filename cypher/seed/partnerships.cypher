UNWIND $rows AS row
MATCH (a:Stakeholder {id: row.proposerId}), (b:Stakeholder {id: row.inviteeId})
MERGE (p:Partnership {id: row.id})
SET p.status = row.status, p.purpose = row.purpose, p.demo = true,
    p.proposedById = row.proposerId,
    p.createdAt = coalesce(p.createdAt, datetime()), p.updatedAt = coalesce(p.updatedAt, datetime())
MERGE (a)-[ra:MEMBER_OF]->(p) SET ra.role = 'PROPOSER'
MERGE (b)-[rb:MEMBER_OF]->(p) SET rb.role = 'INVITEE'
