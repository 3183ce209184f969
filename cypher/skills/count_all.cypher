MATCH (k:Skill)
WHERE ($framework IS NULL OR k.framework = $framework)
RETURN count(k) AS n
