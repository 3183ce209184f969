// One row holding a list: the driver's cost is per record, not per byte.
// A keyset page of stakeholders in CTID order (the ctid constraint's index gives the
// order and the seek, so the last page costs what the first does).
MATCH (s:Stakeholder)
WHERE s.ctid > $after
  AND (s.hidden IS NULL OR $seeAll OR s.id = $viewerId)
WITH s ORDER BY s.ctid LIMIT $limit
RETURN collect(s {.*, createdAt: toString(s.createdAt), updatedAt: toString(s.updatedAt)}) AS nodes
