"""Input normalisation, in one place: what a write stores is what was checked.

Every write command (graph/models.py: Registration, StakeholderChanges,
CredentialInput, SkillInput, and the free-text arguments) goes through
`command()` before validation, so the checks in graph/validation.py measure
the value that will be stored:

- text is Unicode NFC and trimmed; names and one-line fields also have their
  inner white space collapsed to single spaces;
- lists of ids and enum values lose duplicates (first occurrence kept);
- websites and URLs are parsed by the WHATWG URL standard (ada-url), as
  browsers parse them, and stored in that canonical form. Python's urlsplit
  and a browser disagree on `https://evil.example\\@victim.example`, so a
  backslash, user info, or a scheme other than http(s) is refused outright.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
import unicodedata
from typing import Any, TypeVar

import ada_url

T = TypeVar("T")

_SPACES = re.compile(r"\s+")

# Field name -> kind. Fields not listed pass through unchanged.
ONE_LINE = {"name", "location", "code", "framework", "did", "ctid", "contact_email", "note"}
MULTI_LINE = {"description", "purpose"}
ID_LISTS = {"skill_ids", "standard_ids", "groups", "roles", "stages"}


class BadUrl(ValueError):
    """A URL this API does not take; the message says why, for the client."""


def one_line(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def multi_line(value: str) -> str:
    # Line breaks are the writer's; only trailing blanks on the whole are dropped.
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def unique(values: list[T]) -> list[T]:
    return list(dict.fromkeys(values))


def url(value: str, *, website: bool = False) -> str:
    """The canonical (WHATWG) form of an http(s) URL; `website` also requires a domain
    name (not an IP address) for the host, since a stakeholder is known by it."""
    raw = value.strip()
    if "\\" in raw:
        raise BadUrl("must not contain a backslash")
    try:
        parsed = ada_url.URL(raw)
    except ValueError as exc:
        raise BadUrl("is not a URL") from exc
    if parsed.protocol not in ("http:", "https:"):
        raise BadUrl("must be an http(s) URL")
    if parsed.username or parsed.password or "@" in raw.split("//", 1)[-1].split("/", 1)[0]:
        raise BadUrl("must not carry a user name or password")
    host = parsed.hostname.rstrip(".")
    if "." not in host or _is_ip(host):
        raise BadUrl("must name a domain, like https://example.org")
    if website and (parsed.search or parsed.hash):
        raise BadUrl("must be the organization's site, without ?query or #fragment")
    return str(parsed.href)


def host_of(value: str) -> str:
    """The host of a URL already normalised by `url()`, lower-case, without a trailing dot."""
    return str(ada_url.URL(value).hostname).rstrip(".").lower()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def command(data: T, *, bad_urls: dict[str, str] | None = None) -> T:
    """A copy of a write command's dataclass with every text field normalised.

    URLs that can't be normalised are left as given and their reason put in
    `bad_urls` (field name -> reason), for validation to report with the field.
    """
    assert dataclasses.is_dataclass(data) and not isinstance(data, type)
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if value is None:
            continue
        if f.name in ONE_LINE and isinstance(value, str):
            changes[f.name] = one_line(value)
        elif f.name in MULTI_LINE and isinstance(value, str):
            changes[f.name] = multi_line(value)
        elif f.name in ID_LISTS and isinstance(value, list):
            changes[f.name] = unique([one_line(v) for v in value])
        elif f.name in ("website", "url", "uri") and isinstance(value, str):
            try:
                changes[f.name] = url(value, website=f.name == "website")
            except BadUrl as exc:
                if bad_urls is not None:
                    bad_urls[f.name] = str(exc)
    return dataclasses.replace(data, **changes)
