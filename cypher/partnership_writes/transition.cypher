// Moves a partnership from $from to $to, only if it is still in $from (a
// concurrent answer finds nothing). Closed partnerships release `openPair`.
MATCH (p:Partnership {id: $id})
WHERE p.status = $from
SET p.status = $to, p.updatedAt = datetime(),
    p.openPair = CASE WHEN $to IN ['PROPOSED', 'ACTIVE'] THEN p.openPair ELSE null END
RETURN p AS node, [(m:Stakeholder)-[r:MEMBER_OF]->(p) | {id: m.id, role: r.role}] AS members
