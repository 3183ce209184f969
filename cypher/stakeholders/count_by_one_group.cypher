// The filtered count of one group's stakeholders (count_by_group for several): a
// stakeholder is IN_GROUP of one group once, so no DISTINCT set is built. Only
// stakeholders are IN_GROUP, so no label check. $visibleByStatus: the verification
// filter lets no hidden record through (graph/stakeholders.py), so `hidden` is not read.
MATCH (:StakeholderGroup {id: $groups[0]})<-[:IN_GROUP]-(s)
WHERE ($visibleByStatus OR s.hidden IS NULL OR $seeAll OR s.id = $viewerId)
  AND ($verification IS NULL OR s.verification IN $verification)
  AND ($roles IS NULL OR any(r IN s.roles WHERE r IN $roles))
  AND ($standardIds IS NULL OR EXISTS { (s)-[:SUPPORTS]->(t:Standard) WHERE t.id IN $standardIds })
RETURN count(s) AS n
