MATCH (g:StakeholderGroup)
RETURN g {.key, .name, .definition, .examples, .slug} AS group
ORDER BY g.name
