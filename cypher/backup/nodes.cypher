// Every node, streamed. Temporal values also come back as Cypher's own text (`temporal`:
// [key, type, [text...]]): the driver reads a datetime at offset Z and one in zone UTC as the
// same value, and Cypher's text keeps the difference, so restore re-parses the text.
MATCH (n)
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props,
       [k IN keys(n)
        WHERE valueType(n[k]) =~ '(LIST<)?(DATE|LOCAL TIME|ZONED TIME|LOCAL DATETIME|ZONED DATETIME|DURATION)( NOT NULL)?>?( NOT NULL)?'
        | [k, valueType(n[k]),
           CASE WHEN valueType(n[k]) STARTS WITH 'LIST' THEN [x IN n[k] | toString(x)]
                ELSE [toString(n[k])] END]] AS temporal
