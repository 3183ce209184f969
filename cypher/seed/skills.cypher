// Stubs for ESCO skills; the ESCO import (before or after) fills in the rest.
UNWIND $rows AS row
MERGE (s:Skill {id: row.id})
ON CREATE SET s.name = row.name, s.framework = 'ESCO', s.uri = row.uri, s.code = row.code,
              s.altLabels = [], s.frameworkCode = 'ESCO:' + row.code
