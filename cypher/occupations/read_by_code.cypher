UNWIND $codes AS code
MATCH (o:Occupation {code: code})
RETURN code AS id, o AS node
