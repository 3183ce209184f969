// DETACH DELETE removes the credential's own relationships (issuance,
// acceptances, skills, standards, occupations) and nothing else.
MATCH (c:Credential {id: $id})
DETACH DELETE c
RETURN $id AS id
