UNWIND $ids AS id
MATCH (t:Standard {id: id})
RETURN collect(t.id) AS ids
