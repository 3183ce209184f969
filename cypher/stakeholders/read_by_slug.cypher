// Timestamps come as strings: hydrating driver DateTimes costs more than the query.
MATCH (s:Stakeholder {slug: $slug})
WHERE (s.hidden IS NULL OR $seeAll OR s.id = $viewerId)
RETURN s {.*, createdAt: toString(s.createdAt), updatedAt: toString(s.updatedAt)} AS node
