// The issuer's credential imported earlier from this achievement id, if any.
MATCH (c:Credential {issuerId: $issuerId, sourceId: $sourceId})
RETURN c.id AS id
