// An attempt's outcome, from the worker that holds its lease (a worker whose lease ran out
// records nothing). `$delivered`; else retried in `$retryInS` seconds (null: given up).
// The endpoint is written only when its run of failures changes (a success after none
// leaves it alone, so concurrent deliveries do not queue on its lock); DISABLED at
// `$disable` (HTTP 410) or after `$maxFailures` failures in a row.
MATCH (d:Delivery {id: $id}) WHERE d.leaseOwner = $worker AND d.attempts = $attempt
SET d.status = CASE WHEN $delivered THEN 'DELIVERED' WHEN $retryInS IS NULL THEN 'FAILED'
                    ELSE 'PENDING' END,
    d.nextAt = CASE WHEN $retryInS IS NULL THEN d.nextAt
                    ELSE datetime() + duration({seconds: $retryInS}) END,
    d.leaseUntil = null, d.leaseOwner = null,
    d.lastStatus = $httpStatus, d.lastError = $error, d.lastAttemptAt = datetime()
WITH d
MATCH (w:Webhook {id: d.webhookId})
WHERE NOT $delivered OR w.failures <> 0
SET w.failures = CASE WHEN $delivered THEN 0 ELSE w.failures + 1 END
SET w.status = CASE WHEN $disable OR (NOT $delivered AND w.failures >= $maxFailures)
                    THEN 'DISABLED' ELSE w.status END
RETURN w.status AS status
