// The endpoint and its outbox.
MATCH (w:Webhook {id: $id})
OPTIONAL MATCH (d:Delivery {webhookId: $id})
DETACH DELETE d, w
RETURN $id AS id
