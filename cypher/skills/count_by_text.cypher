CALL db.index.fulltext.queryNodes('skill_text', $text) YIELD node AS k
WHERE ($framework IS NULL OR k.framework = $framework)
RETURN count(k) AS n
