// `openPair` is unique: a second open partnership between the same pair fails.
MATCH (a:Stakeholder {id: $proposerId}), (b:Stakeholder {id: $inviteeId})
CREATE (p:Partnership {id: $id, status: 'PROPOSED', purpose: $purpose, proposedById: $proposerId,
                       openPair: $openPair, demo: false,
                       createdAt: datetime(), updatedAt: datetime()})
CREATE (a)-[:MEMBER_OF {role: 'PROPOSER'}]->(p)
CREATE (b)-[:MEMBER_OF {role: 'INVITEE'}]->(p)
RETURN p AS node, [{id: a.id, role: 'PROPOSER'}, {id: b.id, role: 'INVITEE'}] AS members
