// Webhook endpoints and their outbox (graph/webhooks.py).
CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (n:Webhook) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT delivery_id IF NOT EXISTS FOR (n:Delivery) REQUIRE n.id IS UNIQUE;
CREATE INDEX delivery_webhook IF NOT EXISTS FOR (n:Delivery) ON (n.webhookId);
CREATE INDEX delivery_due IF NOT EXISTS FOR (n:Delivery) ON (n.status, n.nextAt);
