MATCH (s:Stakeholder {slug: $slug})
RETURN s AS node
