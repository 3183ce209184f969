UNWIND $ids AS id
MATCH (c:Credential {id: id})
RETURN id, c AS node
