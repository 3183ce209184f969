// Endpoints the outbox fills: active and paused ones (a paused one keeps its changes
// for when it resumes); each with its owner, whose visibility its changes get.
MATCH (w:Webhook) WHERE w.status IN ['ACTIVE', 'PAUSED']
RETURN collect(w {.id, .ownerId, .types, .after}) AS rows
