// Only if the token is still the one fetched (a newer request replaces it) and the
// record is still on the host that was fetched (a concurrent update may have moved it).
MATCH (s:Stakeholder {id: $id})
WHERE s.domainToken = $token AND s.domain = $domain
SET s.domainVerifiedAt = datetime(), s.updatedAt = datetime()
RETURN s AS node
