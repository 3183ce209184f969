// Endpoints by id, never their secrets.
UNWIND $ids AS id
OPTIONAL MATCH (w:Webhook {id: id})
RETURN collect({id: id, node: CASE WHEN w IS NULL THEN null ELSE w {.*, secret: null} END})
       AS rows
