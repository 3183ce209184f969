// The import report: what the graph holds of what import/dcc_issuers adds, for
// each row (by its index in $rows). Without the group node the write links none,
// so its absence counts as linked.
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
MATCH (s:Stakeholder {id: row.id})
RETURN collect({i: i, current: s {.dids, .did, .groups, .roles, .location, .inDccRegistry,
  inGroup: EXISTS { (s)-[:IN_GROUP]->(:StakeholderGroup {id: 'CREDENTIALING_ORGANIZATIONS'}) }
           OR NOT EXISTS { MATCH (:StakeholderGroup {id: 'CREDENTIALING_ORGANIZATIONS'}) }}
  }) AS rows
