MATCH (s:Stakeholder)
WHERE ($visibleByStatus OR s.hidden IS NULL OR $seeAll OR s.id = $viewerId)
  AND ($roles IS NULL OR any(r IN s.roles WHERE r IN $roles))
  AND ($verification IS NULL OR s.verification IN $verification)
  AND ($groups IS NULL OR any(g IN s.groups WHERE g IN $groups))
  AND ($standardIds IS NULL OR EXISTS { (s)-[:SUPPORTS]->(t:Standard) WHERE t.id IN $standardIds })
RETURN count(s) AS n
