// Pause or resume; resuming a disabled endpoint starts its run of failures afresh.
MATCH (w:Webhook {id: $id})
SET w.status = $status, w.failures = CASE WHEN $status = 'ACTIVE' THEN 0 ELSE w.failures END
RETURN w {.*, secret: null} AS node
