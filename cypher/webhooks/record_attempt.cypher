// An attempt's outcome, from the worker that holds its lease (a worker whose lease ran out
// records nothing). `$delivered`; else retried at `$retryInS` (null: given up). The
// endpoint's run of failures, and its status (DISABLED at `$disable`).
MATCH (d:Delivery {id: $id}) WHERE d.leaseOwner = $worker AND d.attempts = $attempt
MATCH (w:Webhook {id: d.webhookId})
SET d.status = CASE WHEN $delivered THEN 'DELIVERED' WHEN $retryInS IS NULL THEN 'FAILED'
                    ELSE 'PENDING' END,
    d.nextAt = CASE WHEN $retryInS IS NULL THEN d.nextAt
                    ELSE datetime() + duration({seconds: $retryInS}) END,
    d.leaseUntil = null, d.leaseOwner = null,
    d.lastStatus = $httpStatus, d.lastError = $error, d.lastAttemptAt = datetime(),
    w.failures = CASE WHEN $delivered THEN 0 ELSE w.failures + 1 END
SET w.status = CASE WHEN $disable OR (NOT $delivered AND w.failures >= $maxFailures)
                    THEN 'DISABLED' ELSE w.status END
RETURN w.status AS status
