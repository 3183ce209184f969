UNWIND $ids AS id
MATCH (k:Skill {id: id})
RETURN id, k AS node
