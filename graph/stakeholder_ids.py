"""How stakeholders are identified: by their website's domain.

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
    """`https://www.bridge.example.org/x` -> `example.org` (the registrable part)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = [label for label in host.split(".") if label]
    if labels and labels[0] == "www":
        labels = labels[1:]
    # Two labels, or three where the second-level label is a generic one (co.uk, edu.au).
    keep = 3 if len(labels) >= 3 and labels[-2] in {"co", "ac", "edu", "gov", "org", "com"} \
        and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def stakeholder_id(domain: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"domain:{domain}"))


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80] or "stakeholder"
