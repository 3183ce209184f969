"""How stakeholders are identified: by their website's host (domain).

One organization has one record however it arrives (self-registration, the
DCC registry, the demo seed), so its id is derived from its domain, and a
second registration of the same domain is a conflict.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from urllib.parse import urlsplit

NAMESPACE = uuid.UUID("5b0b7d1c-6c3e-4a51-9d7e-1e2f0a6c9b41")


def domain_of(url: str) -> str:
    """`https://www.Example.org/x` -> `example.org`: the host, lower-case, without `www.`.

    The full host, not the registrable domain: `digitalcredentials.mit.edu` is
    an organization of its own, not MIT.
    """
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def stakeholder_id(domain: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"domain:{domain}"))


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80] or "stakeholder"
