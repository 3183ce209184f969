// Batch: the total per parent id in $keys.
UNWIND $keys AS key
MATCH (:StakeholderGroup {id: key})<-[:IN_GROUP]-(s:Stakeholder)
RETURN key, count(DISTINCT s) AS n
