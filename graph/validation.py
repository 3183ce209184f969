"""Checks of write inputs; each problem names the input field it is about.

Inputs are normalised first (graph/normalize.py), so every limit here is
checked on the value that will be stored. Every check runs before anything
is written, and all problems are reported at once, so a client can fix a form
in one round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

NAME = re.compile(r"^[\w][\w .,&'()/+:#@!?-]*$", re.UNICODE)
# W3C DID Core, section 3.1: did:<method-name>:<method-specific-id>, the id made of
# idchars (letters, digits, . - _ and %-escapes) in colon-separated parts, the last
# non-empty. No path, query or fragment: those make a DID URL, not a DID. The one DID
# grammar: registration, the DCC import, issuerTrust and TRQP all use it.
_IDCHAR = r"(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})"
DID = re.compile(rf"did:[a-z0-9]+:(?:{_IDCHAR}*:)*{_IDCHAR}+")
CTID = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
FRAMEWORK = re.compile(r"^[A-Z][A-Z0-9_]{1,30}$")
# Control characters (C0, DEL, C1) and the bidirectional overrides that make text
# display as something else; multi-line text may keep line breaks and tabs.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL_MULTI_LINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MULTI_LINE = {"description", "purpose"}

LIMITS = {"name": (2, 120), "description": (0, 4000), "location": (0, 200), "purpose": (0, 1000),
          "note": (0, 1000), "code": (1, 100), "did": (8, 500), "url": (0, 2000)}


@dataclass
class Problems:
    """Problems found so far, each as (field path, message)."""

    items: list[tuple[list[str], str]] = field(default_factory=list)
    # Field name -> why its URL was refused by graph/normalize.py.
    bad_urls: dict[str, str] = field(default_factory=dict)

    def add(self, path: list[str], message: str) -> None:
        self.items.append((path, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    # -- field checks (None means "not given", which callers decide about) ---
    def text(self, path: list[str], value: str | None, kind: str, *,
             required: bool = False) -> None:
        if value is None:
            if required:
                self.add(path, f"{path[-1]} is required")
            return
        low, high = LIMITS[kind]
        control = CONTROL_MULTI_LINE if kind in MULTI_LINE else CONTROL
        if not low <= len(value) <= high:
            self.add(path, f"{path[-1]} must be {low} to {high} characters")
        elif control.search(value):
            self.add(path, f"{path[-1]} must not contain control characters")

    def name(self, path: list[str], value: str | None, *, required: bool = False) -> None:
        before = len(self.items)
        self.text(path, value, "name", required=required)
        if value is not None and len(self.items) == before and not NAME.match(value):
            self.add(path, f"{path[-1]} must start with a letter or digit and use letters, "
                           "digits, spaces and common punctuation")

    def url(self, path: list[str], value: str | None, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.add(path, f"{path[-1]} is required")
            return
        reason = self.bad_urls.get(_snake(path[-1]))
        if reason is not None:
            self.add(path, f"{path[-1]} {reason}")
        elif len(value) > LIMITS["url"][1]:
            self.add(path, f"{path[-1]} must be at most {LIMITS['url'][1]} characters")

    def email(self, path: list[str], value: str) -> None:
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError as exc:
            self.add(path, f"{path[-1]} is not a valid email address: {exc}")

    def did(self, path: list[str], value: str | None) -> None:
        low, high = LIMITS["did"]
        if value is not None and (not low <= len(value) <= high or not DID.fullmatch(value)):
            self.add(path, f"{path[-1]} must be a DID of at most {high} characters, "
                           "like did:web:example.org")

    def ctid(self, path: list[str], value: str | None) -> None:
        if value is not None and not CTID.match(value):
            self.add(path, f"{path[-1]} must be a Credential Engine CTID, like ce-<uuid>")

    def framework(self, path: list[str], value: str) -> None:
        if not FRAMEWORK.match(value):
            self.add(path, f"{path[-1]} must be upper case letters, digits or _ "
                           "(ESCO, ONET, OSN_RSD, LIGHTCAST, CUSTOM...)")

    def non_empty(self, path: list[str], values: list[str] | None, what: str) -> None:
        if values is not None and not values:
            self.add(path, f"give at least one {what}")

    def known_ids(self, path: list[str], given: list[str] | None, known: set[str],
                  what: str) -> None:
        """Unknown ids are reported one by one, with their index."""
        for index, value in enumerate(given or []):
            if value not in known:
                self.add([*path, str(index)], f"no {what} with id {value!r}")


def _snake(name: str) -> str:
    """`contactEmail` -> `contact_email`: input paths are camelCase, commands snake_case."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()
