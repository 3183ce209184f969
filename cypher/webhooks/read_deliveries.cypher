// An endpoint's most recent deliveries, newest change first.
MATCH (d:Delivery {webhookId: $id})
WITH d ORDER BY d.sequence DESC LIMIT $limit
RETURN collect(d {.*}) AS rows
