// One row holding a list: the driver's cost is per record, not per byte.
// Timestamps come as strings: hydrating driver DateTimes costs more than the query.
UNWIND $ids AS id
MATCH (c:Credential {id: id})
WHERE (c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId)
WITH id, c {.*, createdAt: toString(c.createdAt), updatedAt: toString(c.updatedAt)} AS node
RETURN collect({id: id, node: node}) AS rows
