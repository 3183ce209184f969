// Self-registered stakeholders among $ids that have not proved control of their
// domain: imports do not merge into them (anyone may register a host first).
UNWIND $ids AS id
MATCH (s:Stakeholder {id: id})
WHERE s.source = 'registration' AND s.domainVerifiedAt IS NULL
RETURN collect(s.id) AS ids
