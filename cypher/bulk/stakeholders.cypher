UNWIND $rows AS row
CREATE (s:Stakeholder {id: row.id, slug: row.slug, name: row.name, website: row.website,
                       domain: row.domain, groups: row.groups, roles: row.roles,
                       stages: row.stages, description: row.description,
                       verification: row.verification, hidden: row.hidden, demo: true,
                       source: 'synthetic',
                       createdAt: datetime(), updatedAt: datetime()})
