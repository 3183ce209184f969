MATCH (w:Webhook {id: $id})
SET w.secret = $secret
RETURN w {.*, secret: null} AS node
