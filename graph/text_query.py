"""User text -> a Lucene query for Neo4j's full-text indexes.

Each word is escaped (so `C++`, `a:b` or a stray quote never break the
query), lower-cased (wildcard and fuzzy terms are not analyzed) and matched
exactly, as a prefix, or within an edit distance that grows with its length:
one typo from four letters, two from seven. All words must match.
"""

from __future__ import annotations

import re

from graph.errors import InvalidArgument

_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Search is for names and short phrases. Longer words make Lucene refuse the
# fuzzy term (and cost more to expand); more words than this is not a search.
MAX_WORDS = 12
MAX_WORD = 40
MAX_TEXT = 300


def escape(word: str) -> str:
    return _SPECIAL.sub(r"\\\1", word)


def _clause(word: str) -> str:
    term = escape(word.lower())
    distance = 0 if len(word) < 4 else 1 if len(word) < 7 else 2
    forms = [f"{term}^3", f"{term}*"]
    if distance:
        forms.append(f"{term}~{distance}")
    return "(" + " OR ".join(forms) + ")"


def lucene_query(text: str, field: list[str] | None = None) -> str | None:
    """None when the text has no words; InvalidArgument (naming `field`) when it is
    not something to search for."""
    field = field or ["text"]
    if len(text) > MAX_TEXT:
        raise InvalidArgument(f"search text must be at most {MAX_TEXT} characters", field)
    if _CONTROL.search(text):
        raise InvalidArgument("search text must not contain control characters", field)
    words = [w for w in text.split() if _SPECIAL.sub("", w)]
    if len(words) > MAX_WORDS:
        raise InvalidArgument(f"search for at most {MAX_WORDS} words", field)
    if any(len(w) > MAX_WORD for w in words):
        raise InvalidArgument(f"search words must be at most {MAX_WORD} characters", field)
    if not words:
        return None
    return " AND ".join(_clause(w) for w in words)
