UNWIND $rows AS row
CREATE (:Skill {id: row.id, name: row.name, framework: row.framework, code: row.code,
                frameworkCode: row.framework + ':' + row.code, altLabels: [],
                description: row.description, source: 'synthetic'})
