// Slugs in use that a new slug could collide with (`base`, `base-2`, ...), other
// than the record's own; a range seek on the slug constraint's index.
MATCH (s:Stakeholder)
WHERE s.slug STARTS WITH $base AND s.id <> $id
RETURN collect(s.slug) AS slugs
