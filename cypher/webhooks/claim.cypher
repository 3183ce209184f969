// Due deliveries of active endpoints, leased to this worker in this transaction. The
// lease is checked again after the write lock is taken, so of two workers that found the
// same delivery only the first takes it; the other sees the lease and leaves it.
MATCH (d:Delivery) WHERE d.status = 'PENDING' AND d.nextAt <= datetime()
  AND (d.leaseUntil IS NULL OR d.leaseUntil < datetime())
MATCH (w:Webhook {id: d.webhookId}) WHERE w.status = 'ACTIVE'
// One order for every worker, so two claimers take the locks in the same order.
WITH d, w ORDER BY d.nextAt, d.id LIMIT $limit
SET d._LOCK_ = true
WITH d, w WHERE d.status = 'PENDING' AND (d.leaseUntil IS NULL OR d.leaseUntil < datetime())
SET d.leaseUntil = datetime() + duration({seconds: $leaseS}), d.leaseOwner = $worker,
    d.attempts = d.attempts + 1
RETURN collect({id: d.id, webhookId: w.id, url: w.url, secret: w.secret, type: d.type,
                recordId: d.recordId, sequence: d.sequence, attempt: d.attempts}) AS rows
