"""Checks of write inputs; each problem names the input field it is about.

Every check runs before anything is written, and all problems are reported
at once, so a client can fix a form in one round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

NAME = re.compile(r"^[\w][\w .,&'()/+:#@!?-]*$", re.UNICODE)
DID = re.compile(r"^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$")
CTID = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
FRAMEWORK = re.compile(r"^[A-Z][A-Z0-9_]{1,30}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

LIMITS = {"name": (2, 120), "description": (0, 4000), "location": (0, 200), "purpose": (0, 1000),
          "note": (0, 1000), "code": (1, 100)}


@dataclass
class Problems:
    """Problems found so far, each as (field path, message)."""

    items: list[tuple[list[str], str]] = field(default_factory=list)

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
        if not low <= len(value.strip()) <= high:
            self.add(path, f"{path[-1]} must be {low} to {high} characters")
        elif kind != "description" and CONTROL.search(value):
            self.add(path, f"{path[-1]} must not contain control characters")

    def name(self, path: list[str], value: str | None, *, required: bool = False) -> None:
        before = len(self.items)
        self.text(path, value, "name", required=required)
        if value is not None and len(self.items) == before and not NAME.match(value.strip()):
            self.add(path, f"{path[-1]} must start with a letter or digit and use letters, "
                           "digits, spaces and common punctuation")

    def url(self, path: list[str], value: str | None, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.add(path, f"{path[-1]} is required")
            return
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname \
                or "." not in parts.hostname or len(value) > 2000:
            self.add(path, f"{path[-1]} must be an http(s) URL with a domain, "
                           "like https://example.org")

    def email(self, path: list[str], value: str) -> None:
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError as exc:
            self.add(path, f"{path[-1]} is not a valid email address: {exc}")

    def did(self, path: list[str], value: str | None) -> None:
        if value is not None and not DID.match(value):
            self.add(path, f"{path[-1]} must be a DID, like did:web:example.org")

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
