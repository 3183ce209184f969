// Only if the token is still the one fetched (a newer request replaces it).
MATCH (s:Stakeholder {id: $id})
WHERE s.domainToken = $token
SET s.domainVerifiedAt = datetime(), s.updatedAt = datetime()
RETURN s {.*, createdAt: toString(s.createdAt), updatedAt: toString(s.updatedAt),
          domainVerifiedAt: toString(s.domainVerifiedAt)} AS node
