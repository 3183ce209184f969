"""User text -> a Lucene query for Neo4j's full-text indexes.

Each word is escaped (so `C++`, `a:b` or a stray quote never break the
query), lower-cased (wildcard and fuzzy terms are not analyzed) and matched
exactly, as a prefix, or within an edit distance that grows with its length:
one typo from four letters, two from seven. All words must match.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
MAX_WORDS = 12


def escape(word: str) -> str:
    return _SPECIAL.sub(r"\\\1", word)


def _clause(word: str) -> str:
    term = escape(word.lower())
    distance = 0 if len(word) < 4 else 1 if len(word) < 7 else 2
    forms = [f"{term}^3", f"{term}*"]
    if distance:
        forms.append(f"{term}~{distance}")
    return "(" + " OR ".join(forms) + ")"


def lucene_query(text: str) -> str | None:
    """None when the text has no words."""
    words = [w for w in text.split() if _SPECIAL.sub("", w)][:MAX_WORDS]
    if not words:
        return None
    return " AND ".join(_clause(w) for w in words)
