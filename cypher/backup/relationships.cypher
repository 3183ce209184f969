// Every relationship, streamed, with its endpoints' element ids (valid within this
// transaction only: restore maps them to the new nodes). Temporals as in backup/nodes.
MATCH (a)-[r]->(b)
RETURN type(r) AS type, elementId(a) AS start, elementId(b) AS end, properties(r) AS props,
       [k IN keys(r)
        WHERE valueType(r[k]) =~ '(LIST<)?(DATE|LOCAL TIME|ZONED TIME|LOCAL DATETIME|ZONED DATETIME|DURATION)( NOT NULL)?>?( NOT NULL)?'
        | [k, valueType(r[k]),
           CASE WHEN valueType(r[k]) STARTS WITH 'LIST' THEN [x IN r[k] | toString(x)]
                ELSE [toString(r[k])] END]] AS temporal
