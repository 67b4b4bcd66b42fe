"""Secrets in links and join codes: how they are made, checked and stored (only as SHA-256)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

#: Join codes avoid look-alikes (0/O, 1/I/L) so they can be read off a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
#: Bearer tokens: 32 random bytes = 256 bits, urlsafe base64 (43 characters).
TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch not in " -_\t")


def valid_token(token: Any) -> bool:
    return isinstance(token, str) and 16 <= len(token) <= 200



def derive_token(secret: str, salt: str) -> str:
    """A bearer token only the holder of ``secret`` can compute (HMAC-SHA256 of ``salt`` keyed by it,
    urlsafe base64, 43 characters). The workshop's big-screen token is derived from the facilitator
    token and a stored random salt: the facilitator view can show it again at any time, the database
    keeps only the salt and the token's hash, and a new salt makes a new token."""
    digest = hmac.new(secret.encode("utf-8"), salt.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
