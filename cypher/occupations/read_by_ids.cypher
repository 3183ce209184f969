UNWIND $ids AS id
MATCH (o:Occupation {id: id})
RETURN id, o AS node
