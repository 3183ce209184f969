// Self-registered stakeholders among $rows ({id, domain}) that have not proved control of
// that domain: imports do not merge into them (anyone may register a host first). A
// record whose host has moved since its id was made is not that domain's, verified or not.
UNWIND $rows AS row
MATCH (s:Stakeholder {id: row.id})
WHERE s.source = 'registration' AND (s.domainVerifiedAt IS NULL OR s.domain <> row.domain)
RETURN collect(s.id) AS ids
