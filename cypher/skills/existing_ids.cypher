UNWIND $ids AS id
MATCH (k:Skill {id: id})
RETURN collect(k.id) AS ids
