// ISCED-F fields of education: the knowledge branch of ESCO's skills hierarchy,
// and the broader concept of a few collection skills.
CREATE CONSTRAINT field_of_education_id IF NOT EXISTS FOR (n:FieldOfEducation) REQUIRE n.id IS UNIQUE;
// Earlier imports made the hierarchy's ISCED-F concepts skills (`esco:0613`): they
// become the fields they are, in place, so their links stay.
MATCH (s:Skill) WHERE s.uri STARTS WITH 'http://data.europa.eu/esco/isced-f/'
SET s:FieldOfEducation, s.id = 'isced-f:' + s.code
REMOVE s:Skill, s.framework, s.frameworkCode, s.altLabels, s.source;
