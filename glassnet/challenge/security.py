"""Secrets handed out once and stored hashed: user tokens, join codes, team codes, the teacher's token.

A secret reads ``<id>.<random>``. The database keeps the public ``id`` (to find the row) and
``sha256(random)`` (to check it), never the secret itself; the check compares the two digests
in constant time (``hmac.compare_digest``), so the answer's timing says nothing about how many
characters were right. A stolen database therefore gives no usable token.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: codes are read aloud in class


def digest(secret: str) -> str:
    """sha256 of the secret part, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str, str]:
    """A fresh API token: (token to hand out, public id to store, digest to store)."""
    public_id, secret = secrets.token_hex(6), secrets.token_urlsafe(24)
    return f"{public_id}.{secret}", public_id, digest(secret)


def new_code(taken=lambda public_id: False) -> tuple[str, str, str]:
    """A short code a student can type (``ABCD23-EFGH2345``): (code, public id, digest).

    ``taken(public_id)`` says whether an id is in use already (the ids are unique, and short
    enough to type, so a repeat is rare but possible): another one is drawn then.
    """
    public_id = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    while taken(public_id):
        public_id = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{public_id}-{secret}", public_id, digest(secret)


def split(secret: str, separator: str) -> tuple[str, str] | None:
    """(public id, secret part) of a presented token or code, or None when malformed."""
    if not isinstance(secret, str) or len(secret) > 200:
        return None
    public_id, sep, rest = secret.strip().partition(separator)
    if not sep or not public_id or not rest:
        return None
    return (public_id.upper() if separator == "-" else public_id), (rest.upper() if separator == "-" else rest)


def matches(secret_part: str, stored_digest: str) -> bool:
    """Whether the presented secret hashes to the stored digest (constant-time comparison)."""
    return hmac.compare_digest(digest(secret_part), stored_digest)
