// A new endpoint follows the feed from its newest change on (`after`).
OPTIONAL MATCH (k:ChangeCounter {id: 'feed'})
CREATE (w:Webhook {id: $id, ownerId: $ownerId, url: $url, types: $types, secret: $secret,
                   status: 'ACTIVE', failures: 0, after: coalesce(k.value, 0), createdAt: datetime()})
RETURN w {.*, secret: null} AS node
