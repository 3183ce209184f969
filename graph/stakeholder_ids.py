"""How stakeholders are identified: by their website's host (domain); and their slugs.

One organization has one record however it arrives (self-registration, the
DCC registry, the demo seed), so its id is derived from its domain, and a
second registration of the same domain is a conflict. Names are not unique:
two organizations may share one, and their slugs then differ by a suffix.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

import ada_url
from slugify import slugify as transliterate

NAMESPACE = uuid.UUID("5b0b7d1c-6c3e-4a51-9d7e-1e2f0a6c9b41")
MAX_SLUG = 80


def domain_of(url: str) -> str:
    """`https://www.Example.org/x` -> `example.org`: the host, lower-case, without `www.`.

    The full host, not the registrable domain: `digitalcredentials.mit.edu` is
    an organization of its own, not MIT. Parsed as browsers parse URLs (WHATWG),
    so the host is the one a person visiting the site would reach.
    """
    try:
        host = str(ada_url.URL(url.strip()).hostname)
    except ValueError:
        return ""
    return host.lower().rstrip(".").removeprefix("www.")


def stakeholder_id(domain: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"domain:{domain}"))


def slugify(name: str) -> str:
    """A URL slug; non-Latin names are transliterated (`Университет` -> `universitet`)."""
    return transliterate(name, max_length=MAX_SLUG, word_boundary=True) or "organization"


def free_slug(base: str, taken: Collection[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken yet."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
