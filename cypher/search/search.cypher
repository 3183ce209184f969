// Ranked hits across stakeholders, credentials and skills. $text is a Lucene
// query built from escaped user words (exact, prefix and fuzzy forms).
// Each index is asked for 4 x $limit hits because hidden records are dropped after
// Lucene ranks them: a page comes up short only if most of the best hits are hidden.
CALL () {
  CALL db.index.fulltext.queryNodes('stakeholder_text', $text, {limit: 4 * $limit}) YIELD node, score
  WHERE node.hidden IS NULL OR $seeAll OR node.id = $viewerId
  RETURN node, score, 'Stakeholder' AS kind
  UNION ALL
  CALL db.index.fulltext.queryNodes('credential_text', $text, {limit: 4 * $limit}) YIELD node, score
  WHERE node.hidden IS NULL OR $seeAll OR node.issuerId = $viewerId
  RETURN node, score, 'Credential' AS kind
  UNION ALL
  CALL db.index.fulltext.queryNodes('skill_text', $text, {limit: 4 * $limit}) YIELD node, score
  RETURN node, score, 'Skill' AS kind
}
RETURN node {.*, createdAt: toString(node.createdAt), updatedAt: toString(node.updatedAt)} AS node, score, kind
ORDER BY score DESC, node.name, node.id
LIMIT $limit
