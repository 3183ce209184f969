// Alignment targets (targetUrl) -> our skills; the skill_uri constraint's index finds each.
UNWIND $uris AS uri
MATCH (k:Skill {uri: uri})
RETURN collect({uri: uri, id: k.id}) AS rows
