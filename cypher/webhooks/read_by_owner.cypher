// An owner's endpoints (administrators: `$ownerId` null, every one), never their secrets.
MATCH (w:Webhook) WHERE $ownerId IS NULL OR w.ownerId = $ownerId
WITH w ORDER BY w.createdAt, w.id
RETURN collect(w {.*, secret: null}) AS rows
