// A key's state now (a mutation checks it as it runs: an earlier mutation of
// the same request may have revoked it, or an administrator suspended its owner).
MATCH (k:ApiKey {id: $id})
OPTIONAL MATCH (k)-[:KEY_OF]->(s:Stakeholder)
RETURN k.revokedAt IS NOT NULL AS revoked, s.verification AS verification
