// Keys are listed and revoked by a short prefix of the key (`lerk_` + 8
// characters); keys made before prefixes were stored get a name from their id.
MATCH (k:ApiKey) WHERE k.prefix IS NULL
SET k.prefix = 'legacy-' + left(k.id, 8);
CREATE CONSTRAINT apikey_prefix IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.prefix IS UNIQUE;
// Rejected and suspended stakeholders, and their credentials, carry `hidden`
// (set from now on by setVerification; graph/policy.py says who sees them).
MATCH (s:Stakeholder) WHERE s.verification IN ['REJECTED', 'SUSPENDED']
SET s.hidden = true;
MATCH (c:Credential), (s:Stakeholder {id: c.issuerId})
WHERE s.hidden = true
SET c.hidden = true;
