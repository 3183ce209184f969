// One outbox entry per change (the id is the delivery's `webhook-id`, the same on every
// retry), and the endpoint's place in the feed moved on, together. Only if no other worker
// moved it meanwhile; MERGE keeps a change from being queued twice anyway.
MATCH (w:Webhook {id: $id})
SET w._LOCK_ = true
WITH w WHERE w.after = $from
FOREACH (item IN $items |
  MERGE (d:Delivery {id: item.id})
  ON CREATE SET d.webhookId = $id, d.sequence = item.sequence, d.recordId = item.recordId,
                d.type = item.type, d.status = 'PENDING', d.attempts = 0,
                d.nextAt = datetime(), d.createdAt = datetime())
SET w.after = $to
RETURN count(w) AS moved
